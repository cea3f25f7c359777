"""The referentials' pages: public reading (public.py) and the secretariat's editor (editor.py)."""
