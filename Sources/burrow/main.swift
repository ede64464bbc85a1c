import BurrowCLI
