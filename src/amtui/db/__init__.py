"""The database layer. peewee is imported here first, without the PostgreSQL driver a
school on a file never uses (``drivers``): it comes when a server's database is opened."""

from amtui.db.drivers import peewee_without_server_driver

peewee_without_server_driver()
