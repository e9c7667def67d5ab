from typing import Any, ClassVar, Self, TypeVar

from django.db import models
from treebeard.models import Node, NodeManager

_MPNodeT = TypeVar("_MPNodeT", bound=MP_Node)

class MP_NodeQuerySet(models.QuerySet[_MPNodeT]): ...

class MP_NodeManager(NodeManager[_MPNodeT]):
    def get_queryset(self) -> MP_NodeQuerySet[_MPNodeT]: ...
    def fix_tree(self, fix_paths: bool = False, parent: _MPNodeT | None = None) -> None: ...
    def find_problems(self, parent: _MPNodeT | None = None) -> tuple[list[Any], ...]: ...

class MP_Node(Node):
    steplen: ClassVar[int]
    alphabet: ClassVar[str]
    node_order_by: ClassVar[list[str]]
    path = models.CharField(max_length=255, unique=True)
    depth = models.PositiveIntegerField()
    numchild = models.PositiveIntegerField(default=0)
    objects: ClassVar[MP_NodeManager[Self]]
    @classmethod
    def _get_basepath(cls, path: str, depth: int) -> str: ...
    @classmethod
    def _get_path(cls, path: str | None, depth: int, newstep: int) -> str: ...
    @classmethod
    def _get_parent_path_from_path(cls, path: str) -> str: ...
    @classmethod
    def _get_children_path_interval(cls, path: str) -> tuple[str, str]: ...
