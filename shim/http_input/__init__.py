"""HTTP input shared by every surface: bounded request bodies
(request_body.py), ASCII whole numbers (whole_numbers.py) and form or query
text PostgreSQL can hold (text_fields.py).

May import: nothing of the shim but itself.
"""
