"""WTForms classes. Pure: questions come in as plain data, nothing here touches the database."""
