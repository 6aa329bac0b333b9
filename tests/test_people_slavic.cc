// tests for people_slavic: being written
