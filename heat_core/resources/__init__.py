"""The resource plugin interface: schemas, the Resource base class and the
registry of resource types."""
