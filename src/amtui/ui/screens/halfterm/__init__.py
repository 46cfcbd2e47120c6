"""Half-term tests: a class's marks per question, which feed the criteria record."""
