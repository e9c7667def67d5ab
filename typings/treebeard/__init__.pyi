# Partial stubs for django-treebeard 7 (it ships no type information): the materialised-path tree
# that partycell.organisations.models.Unit is built on. Only the public API is described; what is not
# here is an error for mypy, so add it (from treebeard's source) before using it.
