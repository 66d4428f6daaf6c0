"""What a question asks for and which of its words a passage must mention (pure functions).

Question types: a question asking "how many" wants a count, "what rate" a percentage, "how long"
a duration, "what dose" an amount, "when" a date, "what ages" an age, "the primary endpoint" a
sentence naming an endpoint. Salient terms: the words naming the specific thing asked about (a
drug, a gene, a trial, a population), which an answer's evidence must mention or the literature
does not answer the question.

Modules:
    salience: a question's salient terms, a word's spellings and stems, inverse document
        frequency.
    mentions: whether evidence mentions a question's terms (abbreviations and long forms
        included), and whether a sentence introduces what it goes on about.
    conditions: the amounts, ordinals, time points, courses, days, age bounds and single agents
        a question puts on what it asks, and whether a text states them.
    endpoints: the endpoints a question names, and whether a sentence names them or their
        median.
    kinds: the kinds of value a question asks for and whether a sentence states one; definition
        and count questions.
    stages: the stage of disease, phase of treatment and analysis asked about, and the nearest
        text naming one.
    populations: the subgroups and age groups of patients asked about, and texts about others.
    regimens: the regimen asked about by its partners, and texts about another.
    trials: the trials and trial phases asked about, and texts naming them.
    patients: the case-report patients asked about by age, and texts about them.
"""
