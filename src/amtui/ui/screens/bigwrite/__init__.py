"""Big Write: a class's pieces rated against writing targets."""
