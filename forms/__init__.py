"""Plain WTForms classes: no Flask, no database, nothing of survey_app.

Questions come in as plain data (``forms.questions``); texts are ``forms.text`` lazy texts.
Views build these forms with Flask-WTF on top through ``survey_app.core.web_forms``.
"""
