import BurrowCLI

Burrow.entry()
