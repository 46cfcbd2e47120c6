"""Every dialog (a modal screen that asks one thing and answers with a value)."""
