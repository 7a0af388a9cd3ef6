# "2024年3月15日"; Django's MONTH_DAY_FORMAT pads the month ("03月15日").
DATE_FORMAT = "Y年n月j日"
MONTH_DAY_FORMAT = "n月j日"
