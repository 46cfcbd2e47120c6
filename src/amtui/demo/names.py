"""Invented people and phrases for the demo school.

Names are a mix a British primary school would recognise, with apostrophes, accents
and double-barrelled surnames on purpose: screens, sorting and CSV exports must cope.
"""

from __future__ import annotations

FORENAMES: tuple[str, ...] = (
    "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy",
    "Leo", "Freya", "Arthur", "Lily", "Muhammad", "Florence", "Oscar", "Willow", "Charlie",
    "Rosie", "Jacob", "Sophia", "Thomas", "Isabella", "Freddie", "Grace", "Alfie", "Evie",
    "Theo", "Poppy", "Henry", "Ella", "Archie", "Daisy", "Joshua", "Sienna", "James",
    "Matilda", "William", "Phoebe", "Finley", "Ruby", "Max", "Elsie", "Ethan", "Emily",
    "Lucas", "Harper", "Isaac", "Chloé", "Mohammed", "Zoë", "Aarav", "Aisha", "Amir",
    "Fatima", "Ayaan", "Maryam", "Yusuf", "Zara", "Ibrahim", "Hafsa", "Rayyan", "Anaya",
    "Arjun", "Priya", "Rohan", "Saanvi", "Dev", "Diya", "Kai", "Niamh", "Ciarán", "Siân",
    "Rhys", "Cerys", "Dylan", "Seren", "Callum", "Eilidh", "Ruaridh", "Catrìona", "Kwame",
    "Ama", "Kofi", "Abena", "Tobi", "Adaeze", "Chidi", "Ngozi", "Femi", "Temi", "Jamal",
    "Imani", "Malik", "Nia", "Tyrese", "Keisha", "Mateusz", "Zuzanna", "Jakub", "Maja",
    "Kacper", "Oliwia", "Filip", "Lena", "Andrei", "Ioana", "Luca", "Giulia", "Matteo",
    "Sofia", "José", "Inês", "Mateo", "Lucía", "Renée", "Noémie", "Raphaël", "Léa",
    "Mei", "Jun", "Hana", "Kenji", "Linh", "Minh", "Bilal", "Sana", "Hamza", "Layla",
    "Omar", "Noor", "Zayn", "Esme", "Reuben", "Ottilie", "Jude", "Beatrice", "Rory",
    "Aoife", "Seán", "Orla", "Eóin", "Bethany", "Kian", "Tilly", "Harrison", "Mollie",
    "Elijah", "Scarlett", "Ezra", "Aurora",
)

# The forenames alternate a boy's and a girl's, but for a few from Renée to Minh.
GIRLS: frozenset[str] = (frozenset(FORENAMES[1::2]) - {"Jun", "Kenji", "Minh"}) | {"Renée", "Mei", "Hana", "Linh"}
"""Forenames the demo gives to girls (gender F); the others are boys' (M)."""

SURNAMES: tuple[str, ...] = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee",
    "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson",
    "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly",
    "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy",
    "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis",
    "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb",
    "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen",
    "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell",
    "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "O'Neill",
    "O'Connor", "O'Brien", "D'Souza", "McCarthy", "MacLeod", "Ó Súilleabháin", "Nowak",
    "Kowalski", "Wiśniewska", "Popescu", "Rossi", "Esposito", "García", "Fernández",
    "Silva", "Pereira", "Müller", "Lefèvre", "Nguyen", "Tran", "Chen", "Wong", "Li",
    "Kaur", "Sharma", "Gupta", "Chaudhry", "Rahman", "Ahmed", "Mahmood", "Iqbal",
    "Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng", "Abdi", "Mohamed", "Yilmaz",
    "Demir", "Papadopoulos", "Smith-Jones", "Ahmed-Clarke", "Lloyd-Webber",
    "Fox-Pitt", "Bowes-Lyon", "Hart-Davis", "Taylor-Okoro", "Evans-Kaur", "Price-Nowak",
    "Ferguson", "Reid", "Stewart",
)

# (name, roles, job): the invented staff. Usernames are made from the names.
HEAD = ("Margaret Okafor", "slt", "Headteacher")
DEPUTY = ("David Hughes", "slt;mentor", "Deputy headteacher")
ADMIN = ("Susan Whitfield", "admin", "School business manager")
SENCO = ("Rachel Adeyemi", "teacher;mentor", "SENCo")
CLASS_TEACHERS: tuple[str, ...] = (
    "Laura Bennett", "Tom Richards", "Priya Sharma", "Gareth Owen", "Claire O'Brien",
    "Marek Nowak", "Helen Fraser",
)
TEACHING_ASSISTANTS: tuple[str, ...] = (
    "Julie Marsh", "Kerry Dawson", "Amina Begum", "Sandra Lloyd", "Paul Grant",
)
YOU_NAME = "You (demo)"
YOU_ROLES = "teacher;mentor;slt;admin"

# Reception to Year 6, one class each: one short word, so it is easy to type in a shell.
CLASS_NAMES: tuple[str, ...] = ("Oak", "Ash", "Beech", "Cedar", "Elm", "Hazel", "Willow")

BARRIERS: tuple[str, ...] = (
    "Finds it hard to settle after lunch; loses focus in afternoon lessons.",
    "Lacks confidence to have a go without an adult nearby.",
    "Reads little at home; no reading record signed this half-term.",
    "Often tired in the morning; late to bed by own account.",
    "Rushes work to finish first, so careless errors creep in.",
    "New to English; understands more than can yet say or write.",
    "Friendship difficulties in the playground spill into lessons.",
    "Homework rarely handed in; no quiet place to work at home.",
    "Gives up quickly when a task looks hard.",
    "No barriers identified: working hard and keen to improve.",
    "Handwriting is slow, so written work is short.",
    "Absence this half-term has left gaps in number work.",
)
SUMMARIES: tuple[str, ...] = (
    "Reviewed the tracking sheets together; pupil could say which criteria are lines.",
    "Progress is steady in reading; maths needs a push on written methods.",
    "Pleased with the crosses gained since last time; agreed to keep the same routine.",
    "Compared self-assessment with the evidence: pupil was too hard on themself.",
    "Self-assessment was more generous than the evidence; looked at the books together.",
    "Attitude is good; the focus now is accuracy and checking work.",
    "Discussed attendance and what gets in the way of arriving on time.",
    "Targets are known and the pupil could explain each one in their own words.",
)
OUTCOMES: tuple[str, ...] = (
    "New targets agreed and written in the planner.",
    "Targets agreed; TA to check them daily for two weeks.",
    "Targets agreed; parents to be told at the next parents' evening.",
    "Targets agreed; pupil to read at home five times a week.",
    "Targets agreed; intervention to start next week.",
    "Targets agreed; check-in with mentor in three weeks.",
)
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "sen": ("Refer to SENCo for a reading assessment.", "Review the support plan with SENCo."),
    "intervention": ("Ask the intervention team for a place in a small group.",
                     "Check the intervention is still the right one."),
    "parents": ("Phone home to share targets.", "Invite parents in to discuss homework."),
    "slt": ("Make SLT aware of attendance concerns.", "SLT to monitor behaviour reports."),
}
SELF_COMMENTS: dict[str, tuple[str, ...]] = {
    "R": ("I still find this hard.", "I need help with this.", "I don't get it yet."),
    "Y": ("I can do it sometimes.", "Getting better.", "I can do it with a prompt."),
    "G": ("I can do this now!", "Easy now.", "I can show you in my book."),
}
BIG_WRITE_TITLES: tuple[str, ...] = ("My summer holiday", "A letter to the headteacher")
BIG_WRITE_FEEDBACK: tuple[str, ...] = (
    "A lively opening that makes the reader want to read on.",
    "Good paragraphs; now check every sentence ends with a full stop.",
    "Super vocabulary. Next time, vary how your sentences start.",
    "Neat and well presented. Try adding more detail to each idea.",
    "You used your targets well. Remember capital letters for names.",
    "Some great conjunctions. Read your work aloud to catch missing words.",
    "Lovely ideas. Keep your handwriting on the line.",
    "A big improvement on last time: well done!",
    "Plan before you write so the ending links back to the start.",
    "Careful spelling of key words. Use a comma in a list.",
)
PERSONAL_TARGETS: dict[str, str] = {
    "homework": "Hand in homework on time every week.",
    "punctuality": "Be in the classroom before the bell every morning.",
    "uniform": "Wear full school uniform every day.",
    "presentation": "Underline titles and dates with a ruler; keep work neat.",
    "pe_kit": "Bring PE kit on Mondays and Thursdays.",
}
SHORT_TARGET_PREFIXES: tuple[str, ...] = (
    "This week: ", "In every lesson this week: ", "Practise with the TA: ",
)
REWARDS: tuple[str, ...] = (
    "House points for excellent effort", "Star of the week", "Golden time for kindness",
    "Sticker for fantastic reading", "Praise postcard sent home", "Times tables champion",
    "Tidy classroom helper", "Super spelling",
)
CERTIFICATES: tuple[str, ...] = (
    "Headteacher's award", "Star learner of the half-term", "Writer of the week",
    "Mathematician of the month", "Reading challenge: 25 books",
)
SANCTIONS: tuple[str, ...] = (
    "Missed part of playtime: unkind words", "Yellow card: repeated low-level disruption",
    "Reflection time: pushing in the line", "Letter home: homework not done for 3 weeks",
)
MENTOR_CHANGE_REASON = ("The mentoring relationship was not working; "
                        "fresh start agreed with parents.")
INTERVENTION_REVIEWS: tuple[str, ...] = (
    "Good gains: back to working independently in class.",
    "Some progress; continue with a different focus.",
    "Little change: try a different intervention.",
)
