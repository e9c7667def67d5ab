# Dates are written dd/mm/yyyy everywhere, as Vietnamese forms do.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# Typed with slashes, dashes or dots (01/02/2001, 01-02-2001, 01.02.2001); ISO for the API and browsers.
# partycell.formats.dates reads the same four and explains a refusal.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
]  # fmt: skip
FIRST_DAY_OF_WEEK = 1
# Sums of money are grouped by thousands when a template asks for it (``floatformat:"0g"``): 45.000 ₫.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
