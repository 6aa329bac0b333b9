#!/usr/bin/env python3
"""Writes the legacy-charset samples read by tests/test_charset.cc (standard library only).

    python3 tests/data/charset/make_samples.py

Each text is invented; NAME.utf8.txt is the expected UTF-8, NAME.<charset>.txt the bytes.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))

RU = ("Вчера вечером городской совет утвердил новый план развития набережной. "
      "По словам председателя комиссии, работы начнутся весной и продлятся около двух лет. "
      "Жители района уже несколько раз обсуждали проект на открытых слушаниях, и большинство "
      "из них поддержало идею пешеходной зоны вдоль реки. Противники плана опасаются, что "
      "строительство затронет старые деревья и помешает движению транспорта в центре города. "
      "«Мы не против реконструкции, — говорит одна из жительниц, — но хотим, чтобы нас слышали».")
RU_SHORT = "Городской совет утвердил план."
FR = ("Le conseil municipal a approuvé hier soir le nouveau projet du quai. Selon la présidente "
      "de la commission, les travaux débuteront au printemps et dureront près de deux ans. Les "
      "habitants du quartier, réunis à l'école, ont exprimé leur intérêt pour une zone piétonne "
      "où l'on pourra flâner le long de la rivière.")


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


write("ru.utf8.txt", RU.encode("utf-8"))
write("ru.cp1251.txt", RU.encode("cp1251"))
write("ru-short.cp1251.txt", RU_SHORT.encode("cp1251"))
write("fr.utf8.txt", FR.encode("utf-8"))
write("fr.latin1.txt", FR.encode("latin-1"))
