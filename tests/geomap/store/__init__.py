"""Tests of geomap.store: one contract for every engine, plus each engine's own."""
