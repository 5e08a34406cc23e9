"""HTTP input shared by every surface: bounded request bodies
(request_body.py) and ASCII whole numbers (whole_numbers.py).

May import: nothing of the shim but itself.
"""
