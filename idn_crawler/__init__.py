"""idn-crawler: an incremental crawler and article parser for IDN Times."""

__version__ = "0.1.0"
