"""The catalogue's pages: the showcase (public), the editors' and moderators' pages (editor, review, moderation),
interchange and the label."""
