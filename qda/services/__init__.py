"""The services a :class:`qda.project.Project` is made of, one per area.

Each service holds the project it belongs to and shares its unit of work
(``qda.storage.work.UnitOfWork``). A service reaches another area only
through that area's public methods (``self._project.cases.attributes()``) and
reaches the database only through ``qda.storage``; it never imports another
service's module.
"""
