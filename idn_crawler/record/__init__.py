"""The article record: its fields, the shipped JSON Schema, and the compiled check."""
