"""Sources of places: GeoNames (cities, countries, continents), admin regions, the overlay."""
