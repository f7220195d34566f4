"""The one place that opens the database and owns its schema.

Domain packages (``org``, ``surveys``, ``sentiment``, ``recognition``, ``insights``) take a
``sqlite_utils.Database`` from here; pages never import this package directly.
"""

from storage.at_rest import checkpoint_and_truncate, seal_closed_rounds
from storage.connection import (
    StorageError,
    connect,
    database_path,
    get_db,
    write_transaction,
)
from storage.migrations import SchemaTooNewError, applied_migrations, migrate

__all__ = [
    "SchemaTooNewError",
    "StorageError",
    "applied_migrations",
    "checkpoint_and_truncate",
    "connect",
    "database_path",
    "get_db",
    "migrate",
    "seal_closed_rounds",
    "write_transaction",
]
