// Query parser tests: written next.
