"""Layoff text: is it a layoff, which company, how many, why, and does the company attribute it to AI."""
