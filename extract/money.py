"""Amounts of money in news text: "109,800 yuan", "$1.6 billion", "12.2 mln dlrs", "€450m", "HK$3 bln"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Money

SYMBOLS = {
    "us$": "USD", "$": "USD", "hk$": "HKD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "s$": "SGD",
    "nt$": "TWD", "nz$": "NZD", "r$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "₹": "INR",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "cny": "CNY", "rmb": "CNY", "jpy": "JPY", "chf": "CHF",
    "hkd": "HKD", "krw": "KRW", "inr": "INR", "rs": "INR", "rs.": "INR",
}
WORDS = {
    "yuan": "CNY", "renminbi": "CNY", "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD",
    "dlr": "USD", "dlrs": "USD", "yen": "JPY", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
    "won": "KRW", "rupee": "INR", "rupees": "INR", "franc": "CHF", "francs": "CHF", "rouble": "RUB",
    "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "real": "BRL", "reais": "BRL", "rand": "ZAR",
    "ringgit": "MYR", "baht": "THB", "lira": "TRY", "peso": "MXN", "pesos": "MXN", "dirhams": "AED",
    "riyals": "SAR", "crowns": "SEK", "kronor": "SEK", "krona": "SEK", "zloty": "PLN", "zlotys": "PLN", "zlotych": "PLN",
    "kroner": "NOK", "forints": "HUF", "forint": "HUF", "lei": "RON", "koruna": "CZK",
    "dong": "VND", "rupiah": "IDR", "naira": "NGN", "shillings": "KES", "cedis": "GHS", "taka": "BDT",
}
# A peso is Mexico's unless the sentence is about another country that counts in pesos.
PESO_COUNTRIES = {"philippine": "PHP", "chile": "CLP", "colombia": "COP", "argentin": "ARS"}
COUNTRY_DOLLARS = {
    "canadian": "CAD", "australian": "AUD", "hong kong": "HKD", "singapore": "SGD", "new zealand": "NZD",
    "taiwan": "TWD", "u.s.": "USD", "us": "USD", "swiss": "CHF", "swedish": "SEK", "norwegian": "NOK",
    "danish": "DKK", "french": "FRF", "belgian": "BEF",
}
SCALES = {
    "trillion": 1e12, "tln": 1e12, "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6,
    "mln": 1e6, "m": 1e6, "mn": 1e6, "thousand": 1e3, "k": 1e3,
    # Indian English counts in lakhs and crores: "Rs 12.5 lakh", "2,400 crore rupees"
    "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
}
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s?(?P<scale>trillion|billion|million|thousand|crores?|lakhs?|tln|bln|mln|bn|mn|m|k|b)\b)?"
_SYMBOL = r"(?P<symbol>US\$|HK\$|AU?\$|CA?\$|S\$|NT\$|NZ\$|R\$|\$|€|£|¥|₩|₹|(?:USD|EUR|GBP|CNY|RMB|JPY|CHF|HKD|KRW|INR|Rs\.?)\s?)"
_COUNTRY = (r"(?:(?P<country>Canadian|Australian|Hong Kong|Singapore|New Zealand|Taiwan|U\.S\.|US|Swiss|Swedish|Norwegian|Danish|"
            r"French|Belgian|Philippine|Mexican|Chilean|Colombian|Argentine)\s)?")
_WORD = r"(?P<word>" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")\b"
PATTERN = re.compile(
    rf"{_SYMBOL}{_NUMBER}{_SCALE}|(?<![\w$€£¥]){_NUMBER.replace('num', 'num2')}"
    rf"{_SCALE.replace('scale', 'scale2')}\s{_COUNTRY}{_WORD}",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Amount:
    start: int
    end: int
    money: Money


def amounts_in(text: str, offset: int = 0) -> list[Amount]:
    found = []
    for m in PATTERN.finditer(text):
        if m.group("symbol"):
            currency = SYMBOLS[m.group("symbol").strip().lower()]
            number, scale = m.group("num"), m.group("scale")
            if scale and scale.lower() == "b" and not m.group("symbol"):
                continue
        else:
            word = m.group("word").lower()
            country = (m.group("country") or "").lower()
            currency = WORDS[word]
            if word in {"peso", "pesos"}:
                # "In the Philippines the HS5 sells for 1.29 million pesos": the country the sentence names
                named = re.search(r"\b(" + "|".join(PESO_COUNTRIES) + r")", country or text, re.I)
                currency = PESO_COUNTRIES[named.group(1).lower()] if named else currency
            if country and word in {"dollar", "dollars", "dlr", "dlrs"}:
                currency = COUNTRY_DOLLARS.get(country, currency)
            elif country and word in {"franc", "francs", "crowns", "kronor", "krona", "kroner"}:
                currency = COUNTRY_DOLLARS.get(country, currency)
            number, scale = m.group("num2"), m.group("scale2")
        amount = float(number.replace(",", "")) * SCALES.get((scale or "").lower(), 1.0)
        found.append(Amount(offset + m.start(), offset + m.end(), Money(amount, currency)))
    return found
