"""gazetteer: offline, multilingual place names for news text.

>>> from gazetteer import Gazetteer
>>> gz = Gazetteer.default()          # doctest: +SKIP
>>> gz.lookup("Alep-Est")[0].id       # doctest: +SKIP
'geomap:alep-est'
"""

from gazetteer.core import Gazetteer
from gazetteer.normalize import normalize_name
from gazetteer.place import Mention, Name, Place

__all__ = ["Gazetteer", "Mention", "Name", "Place", "normalize_name"]
