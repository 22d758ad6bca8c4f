"""QR codes: poster short codes, one-time receipt codes, images and printable PDFs."""
