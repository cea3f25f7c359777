"""The referentials' pages: public reading (the `public` package) and the secretariat's editor (editor.py)."""
