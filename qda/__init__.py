"""The application core: the Project facade, storage and the command line."""

from qda.errors import QDAError
from qda.project import Project

__all__ = ["Project", "QDAError"]
