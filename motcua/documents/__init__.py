"""The official forms (biểu mẫu) as printable HTML and as PDF: docs/forms.md."""
