"""Field-level helpers: parse one value (a salary text, a location, a country, a company name, markup)."""
