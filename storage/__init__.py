"""The one place that opens the database and owns its schema.

Domain packages (``org``, ``surveys``, ``sentiment``, ``recognition``, ``insights``) take a
``sqlite_utils.Database`` from here; pages never import this package directly.
"""

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
    "connect",
    "database_path",
    "get_db",
    "migrate",
    "write_transaction",
]
