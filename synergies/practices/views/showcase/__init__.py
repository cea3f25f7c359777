"""The catalogue's public showcase: its home (`home`), a practice's page and print view (`page`, `jsonld`), the contact
relay (`contact`), the territory view (`territory`) and a pôle's section (`pole`). urls/showcase.py imports each
module directly."""
