"""Fact families: each module turns the cleaned text into one list of the record.

Families run in a fixed order because later ones read earlier facts: ratios never
overlap dates, events take their term and date from the terms and dates found,
elections name the officials found.
"""
