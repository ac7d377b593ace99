"""The schema files shipped in the package, and written next to the data they describe.

``record/`` ships the JSON Schema, the Spark ``StructType`` of the JSON lines, and two Arrow
schemas as IPC messages (``pyarrow.ipc.read_schema``): the Parquet export's and the JSON
lines' own. They are copied as bytes, so a crawl without pyarrow writes them too. Regenerate
the derived ones with ``python -m idn_crawler.dataset.schemas`` after changing the JSON Schema
(a unit test fails until then).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from idn_crawler.storage.files import write_atomically

JSON_SCHEMA = "article.schema.json"
SPARK_SCHEMA = "article.spark.json"
PARQUET_ARROW = "article.parquet.arrow"
JSONL_ARROW = "article.jsonl.arrow"
# What describes the JSON lines (the change log, a JSON-lines export) and a Parquet export.
FOR_JSONL = (JSON_SCHEMA, SPARK_SCHEMA, JSONL_ARROW)
FOR_PARQUET = (JSON_SCHEMA, SPARK_SCHEMA, PARQUET_ARROW)
SCHEMA_DIR = "_schema"  # "_": Parquet and Spark readers skip it when reading the folder


def shipped(name: str) -> bytes:
    return resources.files("idn_crawler.record").joinpath(name).read_bytes()


def write_schemas(root: Path, names: tuple[str, ...]) -> None:
    """``<root>/schema/<name>`` for each, rewritten (atomically) only when it differs."""
    folder = root / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        data, target = shipped(name), folder / name
        if not target.exists() or target.read_bytes() != data:
            write_atomically(target, data)


def regenerate(package: Path) -> None:
    """Write the derived schema files into the package's ``record/`` folder."""
    from idn_crawler.dataset.arrow_schema import jsonl_schema, parquet_schema, schema_bytes
    from idn_crawler.dataset.spark import spark_schema_text

    (package / SPARK_SCHEMA).write_text(spark_schema_text(), encoding="utf-8")
    (package / PARQUET_ARROW).write_bytes(schema_bytes(parquet_schema()))
    (package / JSONL_ARROW).write_bytes(schema_bytes(jsonl_schema()))


if __name__ == "__main__":
    regenerate(Path(__file__).resolve().parent.parent / "record")
