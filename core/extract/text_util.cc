// Shared extractor helpers: a fast sentence splitter, a tokenizer with capitalisation flags and
// the general word lists (titles, organisation heads, places, nationalities, common words).
#include "extract/text_util.h"

#include "extract/wordlists_names.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_set>

namespace kronika::text {

namespace {

// Equality of two byte ranges of length n, with fixed-size loads for short words.
inline bool same_bytes(const char* a, const char* b, size_t n) {
    if (n >= 8) {
        if (n > 16) return std::memcmp(a, b, n) == 0;
        return detail::load_u64(a) == detail::load_u64(b) &&
               detail::load_u64(a + n - 8) == detail::load_u64(b + n - 8);
    }
    if (n >= 4)
        return detail::load_u32(a) == detail::load_u32(b) &&
               detail::load_u32(a + n - 4) == detail::load_u32(b + n - 4);
    for (size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// All word lists in one static open-addressing table: a word's slot holds one bit per list it
// is in, so the several list checks made on one word hit the same (cached) slot, and a 16-bit
// tag of the hash rejects most other words without touching their bytes.
class WordTable {
  public:
    // Adds the words of a space-separated literal (static storage) to list `bit`.
    void add(std::string_view words, int bit) {
        size_t i = 0;
        while (i < words.size()) {
            while (i < words.size() && (words[i] == ' ' || words[i] == '\n')) ++i;
            size_t j = i;
            while (j < words.size() && words[j] != ' ' && words[j] != '\n') ++j;
            if (j > i) pending_.push_back({words.substr(i, j - i), 1u << bit});
            i = j;
        }
    }
    void finish() {
        size_t n = 64;
        while (n < pending_.size() * 2 + 2) n *= 2;
        slots_.assign(n, Slot{});
        mask_ = n - 1;
        for (const auto& [w, bit] : pending_) {
            if (w.size() < min_len_) min_len_ = w.size();
            if (w.size() > max_len_) max_len_ = w.size();
            uint64_t h = detail::fast_hash(w);
            uint16_t tag = static_cast<uint16_t>(h >> 48);
            for (size_t k = static_cast<size_t>(h) & mask_;; k = (k + 1) & mask_) {
                Slot& sl = slots_[k];
                if (!sl.data) {
                    sl = {w.data(), static_cast<uint16_t>(w.size()), tag, bit};
                    break;
                }
                if (sl.tag == tag && sl.len == w.size() &&
                    same_bytes(sl.data, w.data(), w.size())) {
                    sl.flags |= bit;
                    break;
                }
            }
        }
        for (const Slot& sl : slots_)
            if (sl.data) {
                uint64_t h = detail::fast_hash(std::string_view(sl.data, sl.len));
                bloom_[bloom_word(h)] |= bloom_bit(h);
            }
        pending_.clear();
        pending_.shrink_to_fit();
    }
    uint32_t flags(std::string_view w) const {
        if (w.size() < min_len_ || w.size() > max_len_) return 0;
        uint64_t h = detail::fast_hash(w);
        // A small bit filter (fits the L1 cache) turns away most words of no list.
        if (!(bloom_[bloom_word(h)] & bloom_bit(h))) return 0;
        uint16_t tag = static_cast<uint16_t>(h >> 48);
        for (size_t k = static_cast<size_t>(h) & mask_;; k = (k + 1) & mask_) {
            const Slot& sl = slots_[k];
            if (!sl.data) return 0;
            if (sl.tag == tag && sl.len == w.size() && same_bytes(sl.data, w.data(), w.size()))
                return sl.flags;
        }
    }

  private:
    struct Slot {
        const char* data = nullptr;  // words are never empty, so data is set in a used slot
        uint16_t len = 0;            // list words are short (max_len_ rejects longer queries)
        uint16_t tag = 0;
        uint32_t flags = 0;
    };
    static constexpr size_t kBloomBits = 1 << 16;
    static size_t bloom_word(uint64_t h) {
        return static_cast<size_t>(h >> 38) & (kBloomBits / 64 - 1);
    }
    static uint64_t bloom_bit(uint64_t h) { return uint64_t{1} << ((h >> 32) & 63); }
    std::vector<std::pair<std::string_view, uint32_t>> pending_;
    std::vector<Slot> slots_;
    std::vector<uint64_t> bloom_ = std::vector<uint64_t>(kBloomBits / 64);
    size_t mask_ = 0;
    size_t min_len_ = SIZE_MAX, max_len_ = 0;
};

// Function words: never part of a name at its start.
constexpr std::string_view kStopWords =
    "a an the and or but nor so yet if then than that this these those there here where when "
    "while whereas why how what which who whom whose of in on at to from by with without within "
    "into onto upon about above below over under after before during since until till through "
    "throughout across against among amongst between beyond despite per via as for like unlike "
    "near i me my mine we us our ours you your yours he him his she her hers it its they them "
    "their theirs one ones is are was were be been being am do does did done have has had having "
    "will would shall should can could may might must not no yes all any some each every both "
    "either neither none many much more most less least few several other another such own "
    "same also just only even still already again ever never always often once twice very too "
    "quite rather almost perhaps maybe however therefore thus hence meanwhile moreover furthermore "
    "nevertheless nonetheless instead otherwise indeed besides although though because unless "
    "whether whatever whoever whichever whenever wherever everyone everybody everything someone "
    "somebody something anyone anybody anything nobody nothing let lets oh";

// Frequent English words (beyond the stop words) that start sentences and headings but are not
// names. Written for this project; a word seen in lower case elsewhere in the article is also
// treated as ordinary, which covers most of the rest.
constexpr std::string_view kCommonWords =
    "about according accused across act action actually added adding additionally addressing "
    "administration after afterwards again against age agency ago agreed ahead aid aim air "
    "all allegedly allow almost alone along already amid analysis analysts anger angry annual "
    "another answer anti anyway apart apparently appeal appears area areas army around arrest "
    "arrested article as asked asking attack attacks attempt attempts authorities available "
    "average away back bad ban based basically battle bear beat became become becoming before "
    "began begin beginning behind believe below best better beyond big biggest bill black blood "
    "board body book born both bottom breaking brief briefly bring british broad brought budget "
    "build building built business but buy call called calling calls came campaign can cannot "
    "capital car care career case cases cash cause caught center central centre certain certainly "
    "chair chairman chance change changes charge charged charges cheap check chief child children "
    "choice citing citizens city civil claim claimed claims class clear clearly close closed "
    "coalition cold come comes coming comment comments commission common community companies "
    "company compared complete concern concerns conference confirmed consider considering "
    "contact content continue continued control cost costs could council country county couple "
    "course court cover coverage crime crisis critics current currently cut cuts daily damage "
    "data date day days dead deal dear death deaths debate debt decision deep defence defense "
    "deficit demand democracy department deputy despite details development did died different "
    "difficult director do doctor doctors doing domestic done double down dr drive driving drop "
    "due during each earlier early earnings east economic economy editor editorial education "
    "effect effort efforts eight either election elections else elsewhere emergency end energy "
    "enough entire especially even evening event events ever every evidence exactly example "
    "except executive experts eye face facing fact faith fall family far fast father fear federal "
    "feel felt few field fifth fight fighting figures final finally finance financial find fine "
    "fire firm first fiscal five flight follow following food for force forces foreign former "
    "forward four fourth free fresh friday friends from front full fund funding further future "
    "game games general get getting give given giving global go goal goes going gold good got "
    "government great green ground group groups growing growth guard guest half hand hands happy "
    "hard having head health hear heard heart heavy held help her high higher highly his history "
    "hit hold holding home hope hospital host hot hour hours house housing huge human hundreds "
    "idea imagine immediately important in including increase increasingly independent indeed "
    "industry inflation information initially inside instead interest interim international "
    "interview into investors issue issues it its job jobs join joint just justice keep key kids "
    "kill killed kind know known labor labour land large largely last late later latest law "
    "lawyers lead leader leaders leading least leave left legal less let letter level life light "
    "like likely line list little live lives living local long look looking lost lot love low "
    "lower made main major make makes making man many market markets mass may meanwhile media "
    "medical meet meeting member members men middle might military million millions mind minister "
    "ministers minute minutes miss money month months moreover morning most mostly mother move "
    "moving much must name named nation national nations near nearly need needs net never new "
    "news next nice night nine no normal north northern not note nothing now number numbers "
    "obviously of off offer office officer officers official officials often oil old on once one "
    "online only open opening operations opinion opposition order other others otherwise our out "
    "outside over overall own page paid parents parliament part parties partly party past pay "
    "peace people per percent perhaps period person personal phone photo picture place plan "
    "planned plans play player players please plus point points police policy political politics "
    "poll poor popular population possible post potential power powerful prayers premier "
    "president press pressure previous previously price prices prime prior prison private "
    "probably problem problems process profit program programme progress project protect "
    "protest protests public published put question questions quick quickly race radio raise "
    "rather reaction read ready real really reason reasons recent recently record red reform "
    "regardless region regional related relations release released remain report reported "
    "reportedly reports republic research residents response rest result results return revenue "
    "review right rights rise rising risk road rock role room round rule rules run running safe "
    "safety said sale sales same saturday save say saying says school schools science search "
    "season second secretary security see seeing seen sell senior sense series serious service "
    "services set seven several shall share shares she short should show shows side sign "
    "significant similar since single six size skepticism small so social society some sometimes "
    "son soon sorry source sources south southern space speaking special speech spending spokesman "
    "spokeswoman sport sports spring staff stage start started state statement states stay step "
    "still stock stocks stop stories story street strong students study subscribe such suddenly "
    "summer sunday support sure system take taken taking talk talks tax team technology ten terms "
    "test than thank thanks that the their them then there thereafter these they thing things "
    "think third this those though thousands threat three through thursday thus time times today "
    "together told tonight too top total toward towards town trade traffic trial true trust try "
    "trying tuesday turn two type under unemployment union unit united university unless unlike "
    "until up update updated updates upon us use used using usually various very victims video "
    "view views violence vote voters votes wall want wanted war was watch water way we wealth "
    "wednesday week weekend weeks welcome well were west western what whatever when where whether "
    "which while white who whole why wide wife will win winter with within without woman women "
    "word words work workers working world worse would write written wrong year years yesterday "
    "yet young your youth zone potential attempt sick analysis meanwhile separately elsewhere "
    "nevertheless additionally ultimately notably importantly interestingly initially "
    "ironically evidently specifically instead critics supporters observers witnesses sources "
    "experts analysts investigators prosecutors lawmakers officials authorities residents "
    "protesters activists scientists researchers economists doctors teachers parents students "
    "voters republicans democrats conservatives liberals progressives citizens people troops "
    "police soldiers rebels militants terrorists fans players coaches owners investors traders "
    "dealers bankers brokers shares stocks bonds prices markets futures earnings profits sales "
    "hello hi yes no okay ok sir madam dear thanks welcome breaking exclusive watch listen read "
    "related advertisement sponsored subscribe follow share comment comments photos photo video "
    "videos image images source credit credits editor note update correction clarification ";

constexpr std::string_view kGivenNames =
    "aaron abdul abdullah abraham adam adrian ahmed ahmad aisha alan albert alberto alejandro "
    "aleksandr alex alexander alexandra alexei alexey ali alice alicia alison allan allen amanda "
    "amy ana andre andrea andreas andrei andrew andrey andy angela angelo ann anna anne annie "
    "anthony antonio april arthur ashley barack barbara barry ben benjamin bernard bernie beth "
    "betty bill billy bob bobby boris brad bradley brandon brenda brian bruce bruno bryan carl "
    "carla carlos carol caroline carolyn catherine charles charlie chris christian christina "
    "christine christopher chuck claire clara claude craig cynthia dan daniel danielle darian "
    "darren dave david deborah debbie dennis diana diane dick dmitry dmitri donald donna doris "
    "doug douglas dylan ed eddie edward elena elizabeth ellen emily emma emmanuel eric erik "
    "ethan eugene eva evan frank franz fred frederick gary george georgia gerald gerhard giovanni "
    "giuseppe gloria gordon grace greg gregory hans harold harry heather heinz helen helmut henry "
    "hillary howard hugh hussein ian igor ilya irina isaac ivan jack jacob jacques james jamie "
    "jan jane janet jason jean jeb jeff jeffrey jennifer jeremy jerry jessica jill jim jimmy joan "
    "joe joel johann john johnny jon jonathan jordan jorge jose joseph josh joshua juan judith "
    "judy julia julian julie justin karen karl kate katherine kathleen kathy katie keith kelly "
    "ken kenneth kevin kim kimberly klaus kyle larry laura lauren lawrence leonid linda lisa "
    "liz louis louise lucas luis luke lynn maria marie mario marion mark martha martin mary "
    "matt matthew maurice max megan melissa michael michel michelle miguel mike mikhail mitch "
    "mohamed mohammad mohammed muhammad nancy natalia natalie nathan neil nicholas nick nicola "
    "nicolas nikolai nikolay nina noah oleg olga oliver omar oscar pablo pamela patricia patrick "
    "paul paula pedro peter philip philippe pierre rachel ralph rand randy raymond rebecca "
    "richard rick rob robert roberto robin roger ron ronald rose ruth ryan sally sam samantha "
    "samuel sandra sara sarah scott sean sergei sergey sharon shawn simon sophie stephanie "
    "stephen steve steven stuart susan tara ted teresa terry thomas tim timothy tina todd tom "
    "tony tracy valentina valery vasily victor victoria vincent viktor vladimir volodymyr walter "
    "wayne wendy william willie yuri yulia zachary justin jagmeet doug jody chrystia "
    "andrés françois jürgen józef xi li wang zhang liu chen kamala marco ted mitt newt elizabeth "
    "sofia sophia";

// Honorifics and roles that precede a name ("FSB Director Alexander Bortnikov").
constexpr std::string_view kTitleWords =
    "mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father pastor rabbi imam "
    "bishop archbishop cardinal pope sheikh emir king queen prince princess emperor empress "
    "president vice prime minister secretary director chairman chairwoman chairperson chair ceo "
    "cfo coo founder spokesman spokeswoman spokesperson senator sen rep representative "
    "congressman congresswoman gov governor lt mayor judge justice chancellor premier ambassador "
    "speaker general gen col colonel lieutenant capt captain sgt sergeant maj major adm admiral "
    "cmdr commander chief officer coach manager detective inspector constable superintendent "
    "sheriff attorney deputy leader head boss executive president-elect councillor councilor "
    "councilman councilwoman alderman commissioner minister-president foreign defence defense "
    "interior finance health treasury trade economy economic justice agriculture energy "
    "environment education labour labor transport foreign-minister advisor adviser aide "
    "analyst economist strategist striker midfielder defender goalkeeper forward coach "
    "anchor correspondent reporter editor columnist presenter host actor actress singer "
    "rapper author writer dr. hon honourable honorable mme mlle herr frau monsieur madame "
    "signor senor señor lawyer mp mla mpp msp ombudsman auditor registrar whip recorder counsel "
    "advocate co-anchor "
    "filmmaker assemblyman assemblywoman staff treasurer secretary-treasurer comptroller";

constexpr std::string_view kAbbrevTitles =
    "mr mrs ms dr prof sen rep gov gen col lt capt sgt maj adm cmdr st rev hon mme messrs jr sr "
    "no vs etc inc corp co ltd jan feb mar apr aug sep sept oct nov dec mt ft fr";

// Heads of organisation, place and event names: a candidate with one of these is not a person.
constexpr std::string_view kOrgWords =
    "city state states council court party university college school academy ministry department "
    "agency committee commission bank news times journal company inc corp corporation ltd llc plc "
    "union avenue road square airport cathedral mosque temple army navy force forces police "
    "republic kingdom federation empire island islands river lake mountain mountains ocean sea "
    "fund institute association foundation society club team centre center hospital clinic "
    "office service services board authority organization organisation league cup championship "
    "championships olympics festival museum library parliament assembly senate congress "
    "government administration cabinet campaign movement front alliance coalition network media "
    "television tv radio channel magazine daily herald tribune gazette review report exchange "
    "market index fc county province region district valley hotel tower building bridge station "
    "stadium arena trophy prize award awards act treaty accord summit conference war revolution "
    "dynasty holdings partners industries airlines airline airways motors energy petroleum "
    "telecom systems technologies software pharmaceuticals securities investments laboratory "
    "studios records entertainment pictures publishing zoo mall stores restaurant trust rights "
    "watch nations kremlin pentagon duma knesset bundestag commons lords intelligence "
    "security guard guards brigade regiment battalion division command corps taliban hamas "
    "hezbollah al-qaeda isis isil fsb kgb cia fbi nsa nato un eu usa uk gop ndp rcmp opec "
    "google facebook twitter microsoft apple amazon tesla youtube instagram tiktok netflix "
    "internet web online covid coronavirus ebola brexit olympic olympics paralympics games "
    "world global international national federal central general united first second third "
    "monday tuesday wednesday thursday friday saturday sunday north south east west northern "
    "southern eastern western middle upper lower greater new old grand royal holy saint st "
    "islamic christian muslim catholic jewish orthodox protestant hindu buddhist sikh "
    "democratic republican liberal conservative labour socialist communist greens press "
    "christmas easter ramadan thanksgiving halloween day night league premier division series "
    "open final finals semifinal bowl grand prix tour marathon race medal affairs relations "
    "village facility correctional ministries program programme initiative project strategy "
    "plan policy centre lodge shelter mission network health care newsroom tech port fort mount "
    "cape isle puerto porto storm hurricane typhoon cyclone "
    "group gmbh ag nv bv spa sarl s.a. desk newsdesk classic homeland minerals economics "
    "universe cross product coupon";

// Place and organisation words that are also common surnames: they only block a candidate whose
// first word is not a known given name ("Stuart Hall" is a person, "Crocus City Hall" is not).
constexpr std::string_view kSoftOrgWords =
    "hall church street post house bay field wood woods hill hills park ford price banks brooks "
    "rivers mills chambers fields lane london paris jordan georgia washington houston lincoln "
    "madison jackson charlotte victoria sydney austin dallas denver phoenix orlando regina "
    "florence virginia carolina kent york chelsea brooklyn israel india san santa sao "
    "toyota mitsubishi subaru ferrari porsche mclaren honda nissan renault peugeot "
    "volkswagen bmw mercedes mercedes-benz fiat volvo citroen opel mazda suzuki hyundai "
    "daewoo yamaha kawasaki ducati lancer celica impreza";

constexpr std::string_view kPlaces =
    "afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan "
    "bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia "
    "herzegovina botswana brazil brunei bulgaria burkina faso burundi cambodia cameroon canada "
    "chad chile china colombia comoros congo costa rica croatia cuba cyprus czechia czech "
    "denmark djibouti dominica dominican ecuador egypt salvador eritrea estonia eswatini "
    "ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala "
    "guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy "
    "jamaica japan jordan kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan laos latvia "
    "lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia "
    "maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia "
    "montenegro morocco mozambique myanmar burma namibia nauru nepal netherlands holland zealand "
    "nicaragua niger nigeria macedonia norway oman pakistan palau palestine panama papua paraguay "
    "peru philippines poland portugal qatar romania russia rwanda samoa marino arabia senegal "
    "serbia seychelles sierra leone singapore slovakia slovenia somalia spain lanka sudan "
    "suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga trinidad "
    "tobago tunisia turkey turkmenistan tuvalu uganda ukraine emirates britain england scotland "
    "wales uruguay uzbekistan vanuatu vatican venezuela vietnam yemen zambia zimbabwe "
    "crimea donbas donbass donetsk luhansk chechnya dagestan siberia tibet xinjiang hong kong "
    "gaza kashmir kurdistan catalonia flanders bavaria "
    "alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii "
    "idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan "
    "minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico ohio oklahoma "
    "oregon pennsylvania rhode carolina dakota tennessee texas utah vermont virginia "
    "wisconsin wyoming alberta manitoba ontario quebec saskatchewan nova scotia brunswick "
    "newfoundland labrador yukon nunavut "
    "moscow kiev kyiv kharkiv kharkov odesa odessa lviv minsk petersburg washington york london "
    "paris berlin madrid rome milan vienna prague warsaw budapest bucharest sofia athens "
    "istanbul ankara beijing shanghai tokyo osaka seoul pyongyang delhi mumbai bombay karachi "
    "islamabad kabul tehran baghdad damascus beirut jerusalem tel aviv amman riyadh dubai doha "
    "cairo lagos nairobi johannesburg cape sydney melbourne toronto montreal vancouver ottawa "
    "calgary edmonton winnipeg halifax saskatoon regina chicago boston angeles francisco "
    "seattle miami atlanta dallas houston philadelphia detroit denver phoenix vegas brussels "
    "amsterdam geneva zurich frankfurt munich hamburg stockholm oslo copenhagen helsinki dublin "
    "lisbon barcelona manila jakarta bangkok hanoi singapore taipei havana caracas bogota lima "
    "santiago buenos aires rio paulo brasilia mexico ottawa strasbourg luxembourg "
    "europe asia africa america americas antarctica oceania eurasia arctic atlantic pacific "
    "mediterranean balkans caucasus scandinavia baltic gulf persian sahara "
    "white house downing wall capitol hill silicon broadway hollywood manhattan";

// More cities and regions (European football towns, world cities): a run ending in one is a
// club or a place ("Sparta Rotterdam"), unless it opens with a known given name.
constexpr std::string_view kMorePlaces =
    "rotterdam eindhoven utrecht enschede arnhem doetinchem sittard heerenveen groningen "
    "breda tilburg nijmegen maastricht antwerp ghent liege bruges charleroi mechelen lokeren "
    "dortmund bremen rostock leverkusen bielefeld moenchengladbach duesseldorf dusseldorf "
    "stuttgart bochum cologne koeln karlsruhe kaiserslautern freiburg hanover hannover "
    "schalke gelsenkirchen nuremberg nuernberg leipzig dresden wolfsburg mainz bonn essen "
    "graz innsbruck salzburg linz wien bern basel lausanne lucerne lugano "
    "krakow poznan wroclaw lodz gdansk szczecin lublin katowice chorzow zabrze olsztyn "
    "lubin tychy wronki czestochowa wodzislaw bratislava kosice presov trnava nitra zilina "
    "praha brno ostrava plzen olomouc liberec drnovice opava zizkov budejovice kralove "
    "bucharest craiova cluj timisoara constanta galati ploiesti pitesti brasov iasi arad "
    "bistrita petrosani tirgoviste belgrade novi sad zagreb split rijeka osijek ljubljana "
    "maribor sarajevo mostar skopje tirana sofia plovdiv varna burgas athens thessaloniki "
    "piraeus patras nicosia limassol istanbul izmir trabzon bursa antalya "
    "vladikavkaz sochi kaliningrad novorossiisk rostov volgograd kamyshin togliatti samara "
    "yekaterinburg novgorod nizhny kazan perm omsk novosibirsk krasnoyarsk vladivostok "
    "dnipropetrovsk zaporizhya zaporizhzhia ternopil vinnytsya poltava kremenchuk kirovohrad "
    "batumi tbilisi yerevan baku vilnius kaunas siauliai riga tallinn chisinau "
    "glasgow edinburgh aberdeen dundee manchester liverpool birmingham leeds sheffield "
    "newcastle nottingham leicester southampton coventry bristol bradford middlesbrough "
    "sunderland derby ipswich norwich wimbledon tottenham everton chelsea arsenal fulham "
    "porto lisbon braga coimbra seville valencia bilbao zaragoza malaga vigo corunna "
    "turin naples genoa florence bologna verona parma udine bergamo lecce bari palermo "
    "marseille lyon lille nantes bordeaux toulouse nice monaco strasbourg rennes lens "
    "auxerre metz montpellier guingamp bastia cannes le havre "
    "recife salvador fortaleza curitiba belo horizonte porto alegre montevideo asuncion "
    "quito guayaquil medellin cali guadalajara monterrey tijuana acapulco "
    "casablanca rabat fes marrakesh agadir tunis algiers tripoli khartoum addis ababa "
    "accra abidjan dakar kinshasa kampala harare lusaka pretoria durban windhoek "
    "kuala lumpur colombo dhaka lahore kandahar herat mosul basra aleppo homs riyadh "
    "jeddah muscat sanaa aden kuwait hebron nablus ramallah haifa nazareth "
    "sapporo nagoya kobe kyoto yokohama hiroshima fukuoka busan incheon guangzhou shenzhen "
    "wuhan chongqing tianjin nanjing harbin macau hanoi saigon phnom penh vientiane "
    "yangon rangoon kathmandu";

constexpr std::string_view kNationalities =
    "russian russians ukrainian ukrainians american americans british briton britons english "
    "french german germans italian italians spanish portuguese dutch belgian swiss austrian "
    "polish czech slovak hungarian romanian bulgarian serbian serb serbs croatian croat bosnian "
    "greek turkish turk turks kurdish kurd kurds arab arabs arabic iranian iraqi syrian lebanese "
    "israeli israelis palestinian palestinians jordanian egyptian saudi yemeni afghan pakistani "
    "indian chinese japanese korean vietnamese thai filipino indonesian malaysian australian "
    "canadian canadians mexican brazilian argentine argentinian chilean colombian venezuelan "
    "cuban african nigerian kenyan ethiopian somali sudanese libyan algerian moroccan tunisian "
    "european europeans asian western eastern soviet belarusian georgian armenian azerbaijani "
    "kazakh uzbek chechen crimean tatar swedish norwegian danish finnish irish scottish welsh "
    "icelandic estonian latvian lithuanian moldovan slovenian albanian macedonian cypriot "
    "islamic islamist islamists muslim muslims christian christians catholic catholics jewish "
    "jews jew orthodox protestant hindu buddhist sikh sunni shia shiite shiites sunnis "
    "republican republicans democrat democrats democratic liberal liberals conservative "
    "conservatives tory tories labour socialist socialists communist communists nazi nazis "
    "indigenous aboriginal first latino latina hispanic caucasian quebecer quebecois "
    "texan californian new yorker";

constexpr std::string_view kMonths =
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec";
constexpr std::string_view kWeekdays =
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat "
    "sun";

constexpr std::string_view kParticles =
    "de del della der den di da das do dos du la le van von bin ibn al el ben ter ten y zu mac "
    "st.";

constexpr std::string_view kSpeechVerbs =
    "said says say told tells added adds noted notes stated declared declares claimed claims "
    "alleged alleges argued argues explained explains insisted insists warned warns wrote writes "
    "asked asks replied replies suggested suggests elaborated elaborates characterized "
    "characterised characterizes characterises announced announces acknowledged acknowledges "
    "confirmed confirms denied denies reported tweeted tweets continued recalled recalls admitted "
    "admits conceded concedes contended contends asserted asserts maintained maintains predicted "
    "predicts urged urges responded responds commented observed observes emphasized emphasised "
    "emphasizes emphasises stressed stresses remarked quipped joked mentioned disclosed revealed "
    "reveals testified testifies countered counters cautioned cautions pointed points "
    "estimated estimates concluded concludes agreed agrees complained complains charged "
    "boasted vowed vows promised promises predicted recounted described describes";

// Outlet, agency and poll words: a name containing one is a `source`, not a speaker.
constexpr std::string_view kOutletWords =
    "times post journal news reuters ap afp cnn fox nbc abc cbs msnbc cnbc npr pbs bbc politico "
    "bloomberg poll gallup quinnipiac pew ipsos yougov marist monmouth rasmussen surveymonkey "
    "realclearpolitics breitbart buzzfeed huffpost huffington daily tribune herald gazette "
    "magazine guardian telegraph economist axios politifact wikileaks drudge univision "
    "telemundo espn yahoo report sentinel inquirer examiner observer chronicle dispatch review "
    "tass interfax ria novosti xinhua kyodo yonhap anadolu jazeera cbc ctv globe wire "
    "newsweek spiegel bild monde figaro reddit vox slate atlantic intercept techcrunch "
    "mediazona meduza ukrinform unian izvestia kommersant vedomosti rbc";

// The lists, by bit of WordTable.
enum List : int {
    kStop = 0,
    kCommon,
    kGiven,
    kTitle,
    kAbbrevTitle,
    kOrg,
    kSoftOrg,
    kPlace,
    kNationality,
    kMonth,
    kWeekday,
    kParticle,
    kSpeechVerb,
    kOutlet,
    kClub,
    kGermanStop,
    kGermanTitle,
    kGermanSpeechVerb,
    kModifierTitle
};

// Words of the title list that qualify a role rather than name one ("Trade" in "Trade Minister",
// "Major" in "Major League"): alone before a word they do not make it a person.
constexpr std::string_view kModifierTitles =
    "foreign defence defense interior finance health treasury trade economy economic justice "
    "agriculture energy environment education labour labor transport vice deputy chief general "
    "major executive senior prime forward crown";

WordTable make_table() {
    WordTable t;
    t.add(kStopWords, kStop);
    t.add(kCommonWords, kCommon);
    t.add(kGivenNames, kGiven);
    t.add(lists::kMoreGivenNames, kGiven);
    t.add(kTitleWords, kTitle);
    t.add(lists::kMoreRoles, kTitle);
    t.add(kAbbrevTitles, kAbbrevTitle);
    t.add(kOrgWords, kOrg);
    t.add(kSoftOrgWords, kSoftOrg);
    t.add(kPlaces, kPlace);
    t.add(kMorePlaces, kPlace);
    t.add(kNationalities, kNationality);
    t.add(lists::kDemonymNouns, kNationality);
    t.add(kMonths, kMonth);
    t.add(kWeekdays, kWeekday);
    t.add(kParticles, kParticle);
    t.add(kSpeechVerbs, kSpeechVerb);
    t.add(kOutletWords, kOutlet);
    t.add(lists::kClubWords, kClub);
    t.add(lists::kGermanStopWords, kGermanStop);
    t.add(lists::kGermanTitles, kGermanTitle);
    t.add(lists::kGermanSpeechVerbs, kGermanSpeechVerb);
    t.add(kModifierTitles, kModifierTitle);
    t.finish();
    return t;
}

uint32_t word_flags(std::string_view w) {
    static const WordTable table = make_table();
    return table.flags(w);
}

bool in(List list, std::string_view w) {
    return (word_flags(w) >> list) & 1;
}

// Decodes one code point at i (advancing i); invalid bytes yield U+FFFD.
UChar32 next_cp_slow(std::string_view s, size_t& i) {
    UChar32 c;
    int32_t idx = static_cast<int32_t>(i);
    U8_NEXT(s.data(), idx, static_cast<int32_t>(s.size()), c);
    i = static_cast<size_t>(idx);
    return c < 0 ? 0xFFFD : c;
}
inline UChar32 next_cp(std::string_view s, size_t& i) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
        ++i;
        return b;
    }
    return next_cp_slow(s, i);
}

UChar32 cp_at(std::string_view s, size_t i) {
    return next_cp(s, i);
}

bool is_letter(UChar32 c) {
    if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return u_isalpha(c);
}
bool is_alnum(UChar32 c) {
    if (c < 0x80) return is_letter(c) || (c >= '0' && c <= '9');
    return u_isalnum(c);
}
bool is_upper(UChar32 c) {
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    return u_isupper(c) || u_istitle(c);
}
bool is_space(UChar32 c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 || c == 0x2009 ||
           c == 0x202F;
}
bool is_apostrophe(UChar32 c) {
    return c == '\'' || c == 0x2019;
}
bool is_dquote(UChar32 c) {
    return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB;
}
bool is_closer(UChar32 c) {
    return is_dquote(c) || c == ')' || c == ']' || c == 0x2019 || c == '\'';
}

// Byte classes of ASCII for the tokenizer's fast path.
enum : uint8_t { kSpaceB = 1, kAlnumB = 2, kDigitB = 4, kUpperB = 8, kLetterB = 16 };
struct AsciiClass {
    uint8_t c[128] = {};
    constexpr AsciiClass() {
        c[static_cast<int>(' ')] = c[static_cast<int>('\t')] = c[static_cast<int>('\r')] =
            c[static_cast<int>('\n')] = kSpaceB;
        for (int ch = '0'; ch <= '9'; ++ch) c[ch] = kAlnumB | kDigitB;
        for (int ch = 'a'; ch <= 'z'; ++ch) c[ch] = kAlnumB | kLetterB;
        for (int ch = 'A'; ch <= 'Z'; ++ch) c[ch] = kAlnumB | kLetterB | kUpperB;
    }
};
constexpr AsciiClass kAscii{};

// The tokenizer proper: calls emit(const Token&) for each token in order. ASCII bytes take a
// table-driven path; everything else decodes code points exactly as before.
template <class Emit>
void scan_tokens(std::string_view s, Emit&& emit) {
    const size_t n = s.size();
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        UChar32 c;
        unsigned char b0 = p[i];
        if (b0 < 0x80) {
            uint8_t f = kAscii.c[b0];
            ++i;
            if (f & kSpaceB) continue;
            c = b0;
        } else {
            c = next_cp_slow(s, i);
            if (is_space(c)) continue;
        }
        Token t;
        t.offset = start;
        if (!is_alnum(c)) {
            t.text = s.substr(start, i - start);
            t.end = i;
            t.quote = is_dquote(c);
            emit(t);
            continue;
        }
        // A word: alphanumerics joined by inner hyphens, apostrophes and dots of abbreviations.
        t.word = true;
        size_t end = i, letters = 0, uppers = 0;
        bool digit = c >= '0' && c <= '9';
        bool first_upper = is_upper(c);
        if (is_letter(c)) ++letters, uppers += first_upper;
        size_t seg_len = 1;
        while (i < n) {
            unsigned char b = p[i];
            if (b < 0x80) {
                uint8_t f = kAscii.c[b];
                if (f & kAlnumB) {
                    digit |= (f & kDigitB) != 0;
                    letters += (f >> 4) & 1;  // kLetterB
                    uppers += (f >> 3) & 1;   // kUpperB
                    ++i, end = i, ++seg_len;
                    continue;
                }
            }
            size_t j = i;
            UChar32 d = next_cp(s, j);
            if (is_alnum(d)) {
                if (d >= '0' && d <= '9') digit = true;
                if (is_letter(d)) ++letters, uppers += is_upper(d);
                i = j, end = j, ++seg_len;
                continue;
            }
            if (j < n && (d == '-' || d == 0x2010 || is_apostrophe(d) || d == '.')) {
                size_t k = j;
                UChar32 e = next_cp(s, k);
                if (!is_alnum(e)) break;
                if (d == '.' && seg_len != 1) break;  // only "U.S."-style single-letter chains
                if (is_apostrophe(d) && (e == 's' || e == 'S')) {
                    // "'s" then a non-letter is a possessive (or "it's"); "O'Sullivan" is not.
                    size_t m = k;
                    if (m >= n || !is_alnum(cp_at(s, m))) break;
                }
                if (d == '.') {
                    // Keep the dot ending the chain: "U.S." as one word.
                    size_t m = k;
                    if (m < n && s[m] == '.')
                        k = m + 1, end = k;
                    else
                        end = k;
                    if (is_letter(e)) ++letters, uppers += is_upper(e);
                    i = k;
                    seg_len = 1;
                    continue;
                }
                i = j, seg_len = 0;
                continue;
            }
            break;
        }
        t.text = s.substr(start, end - start);
        t.end = end;
        t.digit = digit;
        t.upper = letters >= 2 && uppers == letters;
        t.cap = first_upper;
        if (!first_upper) {
            // "al-Assad", "bin-Salman": a short lower-case prefix before an upper-case part.
            size_t h = t.text.find('-');
            if (h != std::string_view::npos && h <= 3 && h + 1 < t.text.size() &&
                is_upper(cp_at(t.text, h + 1)))
                t.cap = true;
        }
        // Possessive: 's / ’s / bare trailing apostrophe after an s.
        if (i < n) {
            unsigned char b = p[i];
            if (b == '\'' || b == 0xE2) {  // ' or the lead byte of U+2019
                size_t j = i;
                UChar32 d = next_cp(s, j);
                if (is_apostrophe(d)) {
                    size_t k = j;
                    UChar32 e = k < n ? next_cp(s, k) : 0;
                    if ((e == 's' || e == 'S') && (k >= n || !is_alnum(cp_at(s, k)))) {
                        t.possessive = true;
                        t.end = k;
                        i = k;
                    } else if (!is_alnum(e) && !t.text.empty() &&
                               (t.text.back() == 's' || t.text.back() == 'S')) {
                        t.possessive = true;
                        t.end = j;
                        i = j;
                    }
                }
            }
        }
        emit(t);
    }
}

// The tokens of the last text given to build_vocabulary on this thread (an article body). The
// extractors then tokenise that body again sentence by sentence; a sentence found in the cached
// text (same bytes, at the same place) with white space on both sides has exactly the cached
// tokens of that range, since tokens never span white space and the scanner carries no state
// from one token to the next. Correctness rests only on the byte comparison, never on the
// pointer, which merely locates the sentence in the cached copy.
struct TokenCache {
    std::string text;         // copy of the cached text
    uintptr_t where = 0;      // address it had in the caller's memory
    std::vector<Token> toks;  // its tokens (views into `text`)
    Vocabulary vocab;
    bool valid = false;
};
constexpr size_t kMaxCachedText = 256 * 1024;  // bounds the cache's memory (tokens ~ 15x text)

TokenCache& token_cache() {
    thread_local TokenCache cache;
    return cache;
}

bool ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Appends the cached tokens of s to out; false (out untouched) when s is not in the cache.
bool cached_tokens(std::string_view s, std::vector<Token>& out) {
    TokenCache& c = token_cache();
    if (!c.valid || s.empty()) return false;
    uintptr_t p = reinterpret_cast<uintptr_t>(s.data());
    if (p < c.where || p - c.where > c.text.size() || c.text.size() - (p - c.where) < s.size())
        return false;
    size_t off = p - c.where, stop = off + s.size();
    if (off > 0 && !ascii_space(c.text[off - 1])) return false;
    if (stop < c.text.size() && !ascii_space(c.text[stop])) return false;
    if (std::memcmp(c.text.data() + off, s.data(), s.size()) != 0) return false;
    auto it = std::lower_bound(c.toks.begin(), c.toks.end(), off,
                               [](const Token& t, size_t o) { return t.offset < o; });
    auto last = std::lower_bound(it, c.toks.end(), stop,
                                 [](const Token& t, size_t o) { return t.offset < o; });
    out.reserve(out.size() + static_cast<size_t>(last - it));
    for (; it != last; ++it) {
        Token t = *it;
        t.offset -= off;
        t.end -= off;
        t.text = s.substr(t.offset, t.text.size());
        out.push_back(t);
    }
    return true;
}

}  // namespace

bool is_common_word(std::string_view w) {
    return (word_flags(w) & ((1u << kCommon) | (1u << kStop))) != 0;
}
bool is_stop_word(std::string_view w) {
    return in(kStop, w);
}
bool is_given_name(std::string_view w) {
    return in(kGiven, w);
}
bool is_title_word(std::string_view w) {
    return in(kTitle, w);
}
bool is_abbrev_title(std::string_view w) {
    return in(kAbbrevTitle, w);
}
bool is_org_word(std::string_view w) {
    return in(kOrg, w);
}
bool is_soft_org_word(std::string_view w) {
    return in(kSoftOrg, w);
}
bool is_place(std::string_view w) {
    return in(kPlace, w);
}
bool is_nationality(std::string_view w) {
    return in(kNationality, w);
}
bool is_month(std::string_view w) {
    return in(kMonth, w);
}
bool is_weekday(std::string_view w) {
    return in(kWeekday, w);
}
bool is_particle(std::string_view w) {
    return in(kParticle, w);
}
bool is_pronoun_subject(std::string_view w) {
    return w == "he" || w == "she";
}
bool is_speech_verb(std::string_view w) {
    return in(kSpeechVerb, w);
}
bool is_club_word(std::string_view w) {
    return in(kClub, w);
}
bool is_german_stop_word(std::string_view w) {
    return in(kGermanStop, w);
}
bool is_german_title(std::string_view w) {
    return in(kGermanTitle, w);
}
bool is_german_speech_verb(std::string_view w) {
    return in(kGermanSpeechVerb, w);
}

bool is_outlet(std::string_view name) {
    // Any word of the name is an outlet word ("The New York Times", "Bloomberg", "AP").
    for (const Token& t : tokenize(name)) {
        if (t.word && in(kOutlet, to_lower(t.text))) return true;
    }
    std::string lower = to_lower(name);
    return lower == "the hill" || lower == "hill" || lower == "blaze" || lower == "the blaze" ||
           lower.find("associated press") != std::string::npos;
}

std::string to_lower(std::string_view s) {
    std::string out;
    out.resize(s.size());
    char* o = out.data();
    for (size_t k = 0; k < s.size(); ++k) {
        unsigned char ch = static_cast<unsigned char>(s[k]);
        if (ch >= 0x80) {
            out.clear();
            icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
                .toLower()
                .toUTF8String(out);
            return out;
        }
        o[k] = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    return out;
}

namespace {
// to_lower into an existing string (reusing its buffer).
void lower_into(std::string_view s, std::string& out) {
    out.resize(s.size());
    char* o = out.data();
    for (size_t k = 0; k < s.size(); ++k) {
        unsigned char ch = static_cast<unsigned char>(s[k]);
        if (ch >= 0x80) {
            out = to_lower(s);
            return;
        }
        o[k] = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
}
}  // namespace

std::string title_case(std::string_view s) {
    std::string lower = to_lower(s);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(lower);
    bool start = true;
    for (int32_t i = 0; i < u.length(); ++i) {
        UChar c = u.charAt(i);
        if (start && u_isalpha(c)) {
            u.setCharAt(i, static_cast<UChar>(u_toupper(c)));
            start = false;
        } else if (c == '-' || c == ' ' || c == '\'') {
            start = true;
        }
    }
    std::string out;
    u.toUTF8String(out);
    return out;
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ' ';
        out += w;
    }
    return out;
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    if (cached_tokens(s, out)) return out;
    out.reserve(s.size() / 4 + 4);
    scan_tokens(s, [&](const Token& t) { out.push_back(t); });
    return out;
}

namespace {
struct SentenceBytes {
    bool b[256] = {};
    constexpr SentenceBytes() {
        b[static_cast<unsigned char>('\n')] = b[static_cast<unsigned char>('.')] =
            b[static_cast<unsigned char>('!')] = b[static_cast<unsigned char>('?')] = true;
    }
};
constexpr SentenceBytes kSentenceBytes{};
constexpr const bool* kSentenceByte = kSentenceBytes.b;
}  // namespace

std::vector<Sentence> split_sentences(std::string_view text) {
    std::vector<Sentence> out;
    size_t paragraph = 0;
    auto emit = [&](size_t b, size_t e) {
        while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r')) ++b;
        while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r')) --e;
        if (e > b) out.push_back({text.substr(b, e - b), b, paragraph});
    };
    out.reserve(text.size() / 64 + 2);
    const size_t n = text.size();
    size_t start = 0, i = 0;
    while (i < n) {
        // Skip quickly to the next line break or sentence-final mark.
        while (i < n && !kSentenceByte[static_cast<unsigned char>(text[i])]) ++i;
        if (i >= n) break;
        char ch = text[i];
        if (ch == '\n') {
            emit(start, i);
            size_t j = i + 1;
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
            if (j < text.size() && text[j] == '\n') ++paragraph;
            start = ++i;
            continue;
        }
        if (ch == '.' || ch == '!' || ch == '?') {
            size_t j = i + 1;
            // Closing quotes and brackets belong to the sentence.
            while (j < text.size()) {
                size_t k = j;
                UChar32 c = next_cp(text, k);
                if (!is_closer(c) && c != '.' && c != '!' && c != '?') break;
                j = k;
            }
            if (j >= text.size() || !is_space(cp_at(text, j))) {
                i = j > i + 1 ? j : i + 1;
                continue;
            }
            size_t k = j;
            while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
            if (k >= text.size() || text[k] == '\n') {
                i = j;
                continue;
            }
            UChar32 next = cp_at(text, k);
            bool starts = is_upper(next) || is_dquote(next) || (next >= '0' && next <= '9') ||
                          next == '(' || next == '-' || next == 0x2014 || next == 0x2013 ||
                          next == 0x2018;
            if (starts && ch == '.') {
                // The word before the dot: an abbreviation or an initial does not end a sentence.
                size_t w = i;
                while (w > start && is_alnum(static_cast<unsigned char>(text[w - 1]) < 0x80
                                                 ? static_cast<UChar32>(text[w - 1])
                                                 : 'a'))
                    --w;
                std::string_view word = text.substr(w, i - w);
                if (word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z')
                    starts = false;
                else if (!word.empty() && word.size() <= 5 && is_abbrev_title(to_lower(word)) &&
                         !is_month(to_lower(word)))
                    starts = false;
                else if (word.size() == 1 && w > 0 && text[w - 1] == '.')
                    starts = false;  // "U.S. officials": keep; a true end is rare here
            }
            if (starts) {
                emit(start, j);
                start = j;
            }
            i = j;
            continue;
        }
        ++i;
    }
    emit(start, text.size());
    return out;
}

}  // namespace kronika::text

namespace kronika::text {

void StringSet::rehash(size_t nslots) {
    slots_.assign(nslots, Slot{});
    size_t mask = nslots - 1;
    for (size_t i = 0; i < entries_.size(); ++i) {
        uint64_t h = detail::fast_hash(at(i));
        size_t k = static_cast<size_t>(h) & mask;
        while (slots_[k].idx1) k = (k + 1) & mask;
        slots_[k] = {static_cast<uint32_t>(i + 1), static_cast<uint32_t>(h >> 32)};
    }
}

void StringSet::reserve(size_t n) {
    entries_.reserve(n);
    chars_.reserve(n * 8);
    size_t want = 16;
    while (want < n * 2 + 2) want *= 2;
    if (want > slots_.size()) rehash(want);
}

void StringSet::clear() {
    chars_.clear();
    entries_.clear();
    slots_.clear();
}

bool StringSet::insert(std::string_view w) {
    if (entries_.size() * 2 + 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
    uint64_t h = detail::fast_hash(w);
    uint32_t tag = static_cast<uint32_t>(h >> 32);
    size_t mask = slots_.size() - 1;
    size_t k = static_cast<size_t>(h) & mask;
    for (;; k = (k + 1) & mask) {
        const Slot& sl = slots_[k];
        if (!sl.idx1) break;
        if (sl.tag == tag) {
            const Entry& e = entries_[sl.idx1 - 1];
            if (e.len == w.size() &&
                (e.len == 0 || std::memcmp(chars_.data() + e.off, w.data(), w.size()) == 0))
                return false;
        }
    }
    entries_.push_back({chars_.size(), w.size()});
    chars_.append(w);
    slots_[k] = {static_cast<uint32_t>(entries_.size()), tag};
    return true;
}

namespace {
void add_to_vocabulary(Vocabulary& v, const Token& t) {
    if (!t.word || t.cap || t.digit) return;
    std::string_view w = t.text;
    char buf[64];
    if (w.size() <= sizeof buf) {
        // ASCII: lower-case into a stack buffer (no temporary string).
        bool ascii = true;
        for (size_t k = 0; k < w.size(); ++k) {
            unsigned char ch = static_cast<unsigned char>(w[k]);
            if (ch >= 0x80) {
                ascii = false;
                break;
            }
            buf[k] = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
        if (ascii) {
            v.lower_words.insert(std::string_view(buf, w.size()));
            return;
        }
    }
    v.lower_words.insert(to_lower(w));
}
}  // namespace

Vocabulary build_vocabulary(std::string_view text) {
    if (text.size() > kMaxCachedText) {
        Vocabulary v;
        v.lower_words.reserve(text.size() / 32 + 16);
        scan_tokens(text, [&](const Token& t) { add_to_vocabulary(v, t); });
        return v;
    }
    TokenCache& c = token_cache();
    if (c.valid && c.text.size() == text.size() &&
        std::memcmp(c.text.data(), text.data(), text.size()) == 0) {
        // Same text again (the people and attribution extractors of one article).
        c.where = reinterpret_cast<uintptr_t>(text.data());
        return c.vocab;
    }
    c.valid = false;
    c.text.assign(text.data(), text.size());
    c.where = reinterpret_cast<uintptr_t>(text.data());
    c.toks.clear();
    c.toks.reserve(text.size() / 4 + 4);
    c.vocab.lower_words.clear();
    c.vocab.lower_words.reserve(text.size() / 32 + 16);
    scan_tokens(std::string_view(c.text), [&](const Token& t) {
        c.toks.push_back(t);
        add_to_vocabulary(c.vocab, t);
    });
    c.valid = true;
    return c.vocab;
}

bool is_ordinary(std::string_view lower, const Vocabulary& vocab) {
    if (is_given_name(lower)) return false;
    if (is_common_word(lower) || vocab.seen_lower(lower)) return true;
    // Participles and adverbs open sentences ("Addressing ...", "Reportedly ..."), rarely names.
    auto ends = [&](std::string_view suf) {
        return lower.size() > suf.size() + 3 && lower.substr(lower.size() - suf.size()) == suf;
    };
    return ends("ing") || ends("ally") || ends("edly");
}

namespace {

// A token that can be a word of a name: capitalised, no digits, not a lone letter (unless an
// initial with its dot).
bool name_token(const std::vector<Token>& toks, size_t i) {
    const Token& t = toks[i];
    if (!t.word || !t.cap || t.digit) return false;
    if (t.text.size() == 1) return i + 1 < toks.size() && toks[i + 1].text == ".";
    return true;
}

bool is_modifier_title(std::string_view w) {
    return in(kModifierTitle, w);
}

// "D.A.", "P.W.", "K.C.": dotted initials of a person (not "U.S.", "U.N.", "E.U.").
bool dotted_initials(std::string_view t) {
    if (t.size() < 4 || t.size() > 6 || t.back() != '.') return false;
    for (size_t i = 0; i < t.size(); ++i) {
        bool letter_pos = i % 2 == 0;
        if (letter_pos ? !(t[i] >= 'A' && t[i] <= 'Z') : t[i] != '.') return false;
    }
    return t != "U.S." && t != "U.N." && t != "E.U." && t != "U.K." && t != "U.A.E." &&
           t != "D.C." && t != "N.Y." && t != "L.A." && t != "A.M." && t != "P.M.";
}

// Role words that are also common surnames: a run ending in one is still a name
// ("Martin Luther King").
bool surname_like_title(std::string_view w) {
    return w == "king" || w == "bishop" || w == "judge" || w == "major" || w == "sheriff" ||
           w == "chancellor" || w == "marshal" || w == "pope" || w == "prince" || w == "young";
}

// Abstract-noun endings ("Assessment", "Foundation", "Leadership"): not surnames.
bool looks_abstract(std::string_view w) {
    auto ends = [&](std::string_view suf, size_t min_len) {
        return w.size() >= min_len && w.substr(w.size() - suf.size()) == suf;
    };
    return ends("tion", 6) || ends("sion", 6) || ends("ness", 6) || ends("ment", 8) ||
           ends("ism", 6) || ends("ship", 7) || ends("ology", 6) || ends("ities", 6);
}

}  // namespace

std::vector<NameRun> name_runs(const std::vector<Token>& toks, const Vocabulary& vocab) {
    std::vector<NameRun> runs;
    std::vector<size_t> idx;         // word token indices of the current run
    std::vector<std::string> lower;  // their lower-case forms
    size_t first_word = 0;
    while (first_word < toks.size() && !toks[first_word].word) ++first_word;
    size_t i = 0;
    while (i < toks.size()) {
        if (!name_token(toks, i)) {
            ++i;
            continue;
        }
        size_t b = i, e = i + 1;
        idx.clear();
        idx.push_back(b);
        while (e < toks.size() && !toks[e - 1].possessive) {
            const Token& prev = toks[e - 1];
            if (toks[e].text == "." && e + 1 < toks.size() && name_token(toks, e + 1) &&
                (prev.text.size() == 1 || is_abbrev_title(to_lower(prev.text)))) {
                idx.push_back(e + 1);
                e += 2;
                continue;
            }
            if (name_token(toks, e)) {
                idx.push_back(e);
                ++e;
                continue;
            }
            // Lower-case particles inside a name: "van der Berg", "de la Cruz", "bin Salman".
            size_t q = e;
            while (q < toks.size() && q < e + 3 && toks[q].word && !toks[q].cap &&
                   is_particle(to_lower(toks[q].text)))
                ++q;
            if (q > e && q < toks.size() && name_token(toks, q)) {
                for (size_t k = e; k <= q; ++k) idx.push_back(k);
                e = q + 1;
                continue;
            }
            break;
        }
        if (e < toks.size() && toks[e].text == "." && toks[e - 1].text.size() == 1) ++e;
        i = e;

        NameRun run;
        run.begin = b;
        run.end = e;
        // A closing quotation after a comma ("...," Rudolph W. Giuliani said) starts no sentence.
        bool closing_quote = b > 1 && toks[b - 1].quote && toks[b - 2].text == "," &&
                             toks[b - 2].end == toks[b - 1].offset;
        bool at_start =
            b == first_word || (b > 0 && !toks[b - 1].word && !closing_quote &&
                                (toks[b - 1].quote || toks[b - 1].text == ":" ||
                                 toks[b - 1].text == "(" || toks[b - 1].text == "\xE2\x80\x94" ||
                                 toks[b - 1].text == "-" || toks[b - 1].text == "\xE2\x80\x98"));
        run.initial = at_start;
        lower.resize(idx.size());
        for (size_t k = 0; k < idx.size(); ++k) lower_into(toks[idx[k]].text, lower[k]);
        // "A. Symonds", "I. Salisbury": an initial with its dot is not the word "a" or "I".
        auto initial_at = [&](size_t k) {
            return toks[idx[k]].text.size() == 1 && idx[k] + 1 < toks.size() &&
                   toks[idx[k] + 1].text == ".";
        };
        size_t s = 0;
        // "Conservative Solutions PAC", "Western Journalism": an organisation keeps its first word.
        bool org_run = idx.size() >= 2 && (lower.back() == "pac" || lower.back() == "group" ||
                                           lower.back() == "journalism" || lower[0] == "daily");
        if (at_start && !initial_at(0) && !org_run && is_ordinary(lower[0], vocab)) s = 1;
        if (at_start && s == 0 && !org_run && !is_given_name(lower[0])) {
            // A sentence-initial word before a two-word name is usually an ordinary word the
            // lists do not know ("Вчера Иван Петров", "Yesterday John Smith").
            size_t real = 0;
            for (size_t k = 0; k < idx.size(); ++k) real += toks[idx[k]].cap;
            if (real >= 3 && idx.size() >= 2 && toks[idx[1]].cap) s = 1;
        }
        while (s < idx.size() && is_stop_word(lower[s]) && !initial_at(s)) ++s;
        for (size_t k = s; k < idx.size(); ++k) run.words.emplace_back(toks[idx[k]].text);
        if (s >= idx.size()) {
            runs.push_back(std::move(run));
            continue;
        }
        bool all_upper = true;
        for (size_t k = s; k < idx.size(); ++k)
            if (!toks[idx[k]].upper && toks[idx[k]].text.size() > 1) all_upper = false;
        bool given_first = is_given_name(lower[s]);
        // The last blocking word: titles/roles, organisation heads, places, nationalities, dates.
        long last_block = -1;
        bool block_is_title = false;
        for (size_t k = s; k < idx.size(); ++k) {
            const std::string& w = lower[k];
            if (is_particle(w) && !toks[idx[k]].cap) continue;
            if (initial_at(k) || dotted_initials(toks[idx[k]].text)) continue;  // "A.", "D.A."
            bool title = is_title_word(w);
            // "Christian Vossberg": a known given name opening a longer run is a first name even
            // when it is also an organisation or faith word.
            bool org = is_org_word(w) && !(given_first && k == s && k + 1 < idx.size());
            bool hard = title || org || is_weekday(w) || is_stop_word(w) ||
                        (toks[idx[k]].upper && !all_upper);
            // "Christian Ziege": a given name that is also a nationality or faith opens a name.
            if (is_nationality(w) && !(given_first && k == s && k + 1 < idx.size())) hard = true;
            bool soft = is_place(w) || is_soft_org_word(w) || is_month(w) || is_club_word(w);
            if (!hard && w.size() > 3 && w.back() == 's' &&
                is_org_word(std::string_view(w).substr(0, w.size() - 1)))
                hard = true;  // plural heads: "Youth Councils", "Services"
            if (!hard && looks_abstract(w)) hard = true;
            // A known given name opening the run is a first name, even when it is also a place
            // ("Sofia Lindgren", "Victoria Beckham"), if a further word follows.
            if (soft && given_first && k == s && k + 1 < idx.size()) soft = false;
            if (hard || (soft && !(given_first && k > s))) {
                last_block = static_cast<long>(k);
                block_is_title = title;
            }
        }
        size_t p = last_block < 0 ? s : static_cast<size_t>(last_block) + 1;
        if (p >= idx.size() && last_block >= 0 && block_is_title &&
            surname_like_title(lower[last_block]) && static_cast<size_t>(last_block) > s) {
            // "Martin Luther King": only if nothing else blocked.
            bool other = false;
            for (size_t k = s; k < static_cast<size_t>(last_block); ++k)
                if (is_title_word(lower[k]) || is_org_word(lower[k]) || is_nationality(lower[k]))
                    other = true;
            if (!other) p = s, block_is_title = false;
        }
        run.titled = last_block >= 0 && p == static_cast<size_t>(last_block) + 1 &&
                     block_is_title && !is_modifier_title(lower[last_block]);
        if (!run.titled && s > 0 && is_title_word(lower[s - 1]) && !is_modifier_title(lower[s - 1]))
            run.titled = true;
        size_t real = 0;
        bool all_common = true;
        for (size_t k = p; k < idx.size(); ++k) {
            run.person.emplace_back(toks[idx[k]].text);
            if (!is_particle(lower[k]) || toks[idx[k]].cap) ++real;
            if (!is_common_word(lower[k]) && !vocab.seen_lower(lower[k])) all_common = false;
        }
        if (p < idx.size()) run.person_begin = idx[p];
        // Headlines and titles of works are long capitalised runs; names have at most 4 words.
        if (real > 4 ||
            (all_common && !run.titled && !(p < idx.size() && is_given_name(lower[p])))) {
            run.person.clear();
        }
        run.shouting = all_upper;
        runs.push_back(std::move(run));
    }
    return runs;
}

}  // namespace kronika::text
