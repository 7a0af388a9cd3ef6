# Months in full, as the news writes them ("October 31, 2023"), rather than
# Django's Associated Press abbreviations ("Oct. 31, 2023").
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, P"
