"""Very common words of 4+ letters that say nothing about an event, in the languages newsflow
mostly sees. Without them, every article's most repeated terms would be "that", "said",
"werden", ... and the story index would hand each new article thousands of candidates."""

from __future__ import annotations

_WORDS = """
about after also been before being between both came come could does down during each even
first from have here into just last like made make many more most much must only other over
said same says should since some still such than that their them then there these they this
those through under until very want were what when where which while will with would year
years your told according people just

aber alle allem allen aller alles also andere anderen auch auf aus beim bereits bis damit dann
darauf darf dass denn deren dessen diese diesem diesen dieser dieses doch dort durch eine einem
einen einer eines etwa gegen habe haben hatte hatten heute hier ihre ihrem ihren ihrer immer
jahr jahre jetzt kann keine können mehr muss nach nicht noch nun oder ohne schon sehr seien
sein seine seinem seinen seiner seit sich sie sind sollen soll über unter viel vier vom von
wann war waren warum weil welche wenn werden wird wieder wie wir wurde wurden zwei zwischen

alors aussi avant avec avoir cela cette ceux comme dans depuis donc elle elles encore entre
était être fait faire leur leurs mais même moins nous peut plus pour quand quel quelle sans
selon sera sont sous tous tout toute toutes très vous

algo ante como con contra cual cuando desde donde durante ella ellos entre esta estaba estado
estas este esto estos hace hasta había hacer más mismo mucho muy nada otra otro otros para
pero poco porque puede según sido sobre solo también tanto tiene tienen todo todos una unos

albo będzie bardzo było była były jako jest jeszcze jego jej już kiedy które który która
którzy także przez przy tylko tego tych oraz może mnie nawet niż roku żeby gdzie nich
został została zostało

ancak bile bir birlikte bunu buna çok daha değil diye gibi göre için ile kadar olan olarak
oldu olduğu sonra şekilde yapılan ayrıca bunun
"""

STOPWORDS = frozenset(_WORDS.split())
