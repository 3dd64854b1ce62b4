"""A built-in list of common first names in Sweden and Finland, for redaction (see ``nlp.redaction``).

``FIRST_NAMES`` holds about 500 first names in their usual capitalised spelling: Swedish, Finnish, Finland-Swedish and
the first names most common among people who have moved to Sweden or Finland (Arabic, Somali, Persian, Kurdish,
Turkish, Bosnian/Croatian/Serbian, Russian, Estonian, Polish, Tigrinya, Spanish, Filipino, English and a few more).
Redaction matches them case-sensitively, so "Rosa" the name is a candidate and "rosa" the colour is not.

``AMBIGUOUS_NAMES`` are the listed names that are also everyday Swedish, Finnish or English words when written with a
capital letter at the start of a sentence ("Per vecka", "Hans chef", "Inga vikarier", "Kai se on", "Satu"...).
Redaction skips them at the start of a text or sentence unless a capitalised surname follows or a cue word precedes.

``NOT_NAMES`` are capitalised words that are never a person in these texts (weekdays, months, the product's own name,
systems and unions staff mention): they are never redacted, not even after a cue word ("kollegan Måndag" is noise) and
never taken as a surname.

Names that are mostly words in these languages ("Alla", "Said", "Mark", "Will", "May", "June", "August", "Maj",
"Juni", "Love", "Bror", "Sol", "Ask", "Ode", "Hope") are deliberately left out: the cost of redacting a common word in
every answer is higher than the benefit, and cue words still catch them ("kollegan Love").

Redaction also consults the larger name statistics and the gazetteer of places, systems, unions and authorities
in ``nlp/redaction/data`` (``nlp.redaction.lexicon``); this list stays the curated core.

Data only: this module never imports anything, never reads files and never changes at run time.
"""

from __future__ import annotations

__all__ = ["AMBIGUOUS_NAMES", "FIRST_NAMES", "NOT_NAMES"]

_SWEDISH = """
Agnes Albin Alexander Alice Alma Alva Amanda Anders Andreas Ann Anna Anneli Annika Anton Arne Arvid Astrid Axel
Bengt Bertil Birgitta Björn Bo Bodil Britt Camilla Carina Caroline Cecilia Charlotte Christer Dan Daniel David
Ebba Elias Elin Elisabet Elisabeth Ella Ellen Elsa Emelie Emil Emma Erik Eva Filip Frida Fredrik Gun Gunilla Gunnar
Gunnel Gustav Göran Hampus Hanna Hans Harald Hedda Helena Henrik Hugo Håkan Ida Inga Ingela Inger Ingrid Ingvar
Isak Jakob Jan Jenny Jessica Joakim Johan Johanna Johannes Jonas Josefin Julia Jörgen Kalle Karin Karl Katarina
Kenneth Kent Kerstin Kjell Klara Kristina Kurt Lars Lasse Leif Lena Lennart Lina Linda Linnea Linus Lisa Liv
Louise Lovisa Ludvig Magnus Maja Malin Malte Margareta Maria Marie Martin Mats Matilda Mattias Mikael Mikaela Moa
Monica Nils Niklas Ola Olle Olof Oskar Patrik Per Pernilla Peter Petra Ronja Rolf Rune Rut Saga Sandra Sara
Sebastian Selma Signe Simon Siv Sofia Sofie Stefan Sten Stig Stina Sune Susanne Sven Sören Therese Thomas Tobias
Tom Tommy Tove Tuva Ulf Ulla Valter Vera Viktor Vilma Wilma Ylva Åke Åsa Torbjörn Ingemar Roger Marcus Oliver
William Lucas Liam Noah Adam Albert Ebbe Leo Nora Alicia Stella Tyra Greta Majken Elvira Amelia Max
"""

_FINNISH = """
Aada Aila Aino Aleksi Anja Anne Anneli Antero Antti Anu Ari Arja Arto Arvo Eero Eeva Eetu Eila Eija Eino Elina
Emilia Erkki Esa Hanna Hannele Hannu Harri Heikki Heli Helmi Hilkka Iida Ilkka Ilona Irma Jaana Janne Jani Jari
Jarmo Jenni Jere Joonas Jorma Jouni Juha Juho Jukka Jussi Jyrki Kaarina Kai Kaija Kaisa Kalevi Kari Katja Kimmo
Kirsi Laura Lauri Leena Leevi Liisa Marja Marjatta Markku Marko Martti Matti Meri Merja Mervi Mika Mikko Milla Minna
Mirja Noora Olli Onni Oskari Outi Paavo Pasi Pekka Pentti Pertti Petri Petteri Pirjo Pirkko Päivi Raija Raili
Raimo Rauno Reijo Riikka Riitta Risto Ritva Sami Sanna Sari Satu Seija Seppo Sinikka Sirpa Suvi Taina Tapani
Tapio Tarja Teemu Terhi Tero Tiina Timo Toivo Tomi Tommi Toni Tuija Tuomas Tuomo Tuula Tuuli Ulla Vesa Veikko Veli
Venla Ville Väinö Aatu Veeti Eemeli Otto Tatu Niko Lumi Armas Kerttu Tyyne Sanni Essi Jonna Krista Maarit Marika
Piia Riina Hilla
"""

_FINLAND_SWEDISH = """
Benjamin Christoffer Gunvor Henrika Jonatan Kaj Kristian Mikaela Nina Pia Rasmus Solveig Ulrika Wilhelm Fredrika
Jannike Kristoffer Kim
"""

_IMMIGRANT = """
Mohammed Mohammad Muhammad Mohamed Mohamud Ahmed Ahmad Ali Hassan Hussein Omar Ibrahim Yusuf Youssef Mustafa
Abdullah Abdullahi Abdi Abdirahman Mahmoud Khalid Karim Samir Amir Hamid Reza Mehdi Ismail Osman Jamal Tariq Bilal
Faisal Fatima Aisha Amina Mariam Maryam Zainab Khadija Leila Layla Yasmin Noor Nour Hiba Rana Hodan Fadumo Hawa
Ayan Sahra Asha Dalia Rania Shirin Parisa Nasrin Zahra Mina Arash Babak Farid Hossein Azad Dilan Rojin Hiwa Kawa
Elif Zeynep Ayse Fatma Emine Mehmet Emre Murat Hasan Zlatan Edin Emir Senad Mirza Amra Jasmina Lejla Dragan Goran
Zoran Nenad Milica Ivana Jelena Ana Olga Irina Natalia Natalja Tatiana Tatjana Svetlana Elena Oksana Anastasia
Ekaterina Jekaterina Sergei Sergey Dmitri Andrei Aleksandr Aleksei Vladimir Igor Ivan Nikolai Kadri Tiiu Agnieszka
Katarzyna Magdalena Joanna Piotr Tomasz Krzysztof Marek Yonas Senait Helen Tesfay Samuel Rahel Abebe Carlos Juan
José Luis Carmen Rosa Lucia Gabriela Paula Maricel Jocelyn Rowena Linh Mei Viola
John James Michael Robert Sarah Mary Jennifer Emily Jonathan
"""

FIRST_NAMES: frozenset[str] = frozenset((_SWEDISH + _FINNISH + _FINLAND_SWEDISH + _IMMIGRANT).split())

# fmt: off
AMBIGUOUS_NAMES: frozenset[str] = frozenset(
    {
        # Swedish words: per (per), bo (live), inga (no), ville (wanted), sten (stone), stig (path), björn (bear),
        # saga (tale), klara (manage), axel (shoulder), max (at most), liv (life), hans (his), tom (empty),
        # dan (day), mina (my), max (at most), rut (tax deduction); gun, kim, kent (English words)
        "Per", "Bo", "Inga", "Ville", "Sten", "Stig", "Björn", "Saga", "Klara", "Axel", "Liv", "Hans", "Tom",
        "Dan", "Mina", "Max", "Rut", "Gun", "Kim", "Kent",
        # Finnish words: kai (probably), onni (luck), toivo (hope), satu (tale), tuuli (wind), vesa (sprout),
        # kari (reef), lumi (snow), ilona (as joy), helmi (pearl), armas (dear), marja (berry), veli (brother),
        # suvi (summer), arvo (value), meri (sea), aino (only), hilla (cloudberry)
        "Kai", "Onni", "Toivo", "Satu", "Tuuli", "Vesa", "Kari", "Lumi", "Ilona", "Helmi", "Armas", "Marja", "Veli",
        "Suvi", "Arvo", "Meri", "Aino", "Hilla",
        # Colours and instruments: rosa (pink), viola (viola)
        "Rosa", "Viola",
    }
)
# fmt: on

NOT_NAMES: frozenset[str] = frozenset(
    """
    Omtanke
    Måndag Tisdag Onsdag Torsdag Fredag Lördag Söndag
    Maanantai Tiistai Keskiviikko Torstai Perjantai Lauantai Sunnuntai
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Januari Februari Mars April Maj Juni Juli Augusti September Oktober November December
    Tammikuu Helmikuu Maaliskuu Huhtikuu Toukokuu Kesäkuu Heinäkuu Elokuu Syyskuu Lokakuu Marraskuu Joulukuu
    January February March May June July August October
    Jag Du Han Hon Hen Vi Ni De Den Det Minä Sinä Hän Me Te He Se The I We You She He They It
    Och Men Eller Att Som Ja Nej Ok Okej Tack Kiitos Mutta Ja Kyllä Ei And But Or Yes No Thanks
    Teams Outlook Excel Word Zoom Skype Office Windows Google Microsoft Lifecare Treserva Procapita Pulsen Combine
    Kommunal Vision Tehy Jhl Super Akava Sveriges Suomen Sverige Suomi Finland Sweden
    Covid Corona Korona
    """.split()
)
