// Synthetic workplace chat messages: the "not a joke" side of the joke model's
// training data, next to the corpora's unlabelled rows. Written for this
// product; seeded, so a training run is reproducible.

const SLOTS: Readonly<Record<string, readonly string[]>> = {
  doc: ['budget draft', 'grant application', 'quarterly report', 'meeting notes', 'procurement request', 'travel form',
    'timesheet', 'press release', 'policy memo', 'audit findings', 'contract amendment', 'invoice', 'slide deck',
    'training schedule', 'incident report', 'permit application', 'inspection checklist', 'FOIA response', 'staffing plan',
    'work order', 'purchase order', 'board minutes', 'project charter', 'risk register', 'records schedule'],
  day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'tomorrow', 'today', 'next week', 'end of day', 'this afternoon',
    'the 15th', 'noon', 'close of business', 'first thing in the morning', 'after lunch'],
  time: ['9:00', '9:30', '10', '10:30', '11', '1 pm', '2:00', '2:30', '3', '3:45', '4 pm', '8 am'],
  team: ['the finance team', 'HR', 'IT', 'legal', 'the county office', 'facilities', 'procurement', 'the help desk',
    'the records office', 'the district office', 'our division', 'the commissioner\'s office', 'payroll', 'the auditors',
    'the web team', 'dispatch', 'the field crew', 'the grants office'],
  person: ['Dana', 'Marcus', 'Priya', 'the director', 'my supervisor', 'the deputy', 'our contractor', 'the vendor',
    'Kim', 'Luis', 'Jordan', 'the new hire', 'the intern', 'the chair', 'Sam', 'Ms. Rivera', 'Mr. Chen', 'the inspector'],
  place: ['conference room B', 'the annex', 'room 204', 'the Charleston office', 'the training center', 'the main lobby',
    'the Teams call', 'the second floor', 'the warehouse', 'the courthouse', 'the field office'],
  thing: ['printer', 'VPN', 'laptop', 'badge reader', 'shared drive', 'email', 'scanner', 'phone system', 'projector',
    'time clock', 'database', 'website', 'spreadsheet', 'login', 'portal', 'server', 'copier', 'docking station'],
  problem: ['is down again', 'won\'t connect', 'keeps freezing', 'is asking for a password reset', 'is out of toner',
    'is running slow', 'throws an error', 'lost my changes', 'needs an update', 'is not syncing', 'is locked'],
  verb: ['review', 'sign', 'approve', 'update', 'send', 'check', 'file', 'forward', 'print', 'scan', 'upload', 'finalize',
    'proofread', 'submit', 'archive', 'look over', 'share'],
  ack: ['ok', 'sounds good', 'thanks', 'got it', 'will do', 'perfect', 'noted', 'sure thing', 'thank you', 'great, thanks',
    'understood', 'on it', 'no problem', 'yes', 'makes sense', 'appreciate it'],
  adj: ['late', 'early', 'short', 'long', 'quick', 'busy', 'quiet', 'rough', 'productive', 'slow', 'hectic'],
  num: ['2', '3', '5', '10', '12', '15', '20', '30', '45', '100', '250'],
  topic: ['the budget', 'the new policy', 'the audit', 'the schedule', 'the migration', 'the survey', 'the hiring freeze',
    'the building move', 'open enrollment', 'the road closure', 'the storm response', 'the fiscal year close',
    'the software rollout', 'the public hearing', 'the inventory count'],
  reason: ['the roads are closed', 'my kid is sick', 'I have a dentist appointment', 'the system is down', 'I am stuck in traffic',
    'the train is delayed', 'I am covering the front desk', 'the meeting ran over', 'I am at the field site',
    'the power went out', 'I have jury duty'],
  weather: ['snowing', 'raining hard', 'icy out', 'really windy', 'foggy', 'hot in here', 'freezing in the office'],
  food: ['pizza', 'coffee', 'bagels', 'sandwiches', 'donuts', 'lunch', 'cake for Dana\'s last day', 'tacos'],
};

const TEMPLATES: readonly string[] = [
  'Can you {verb} the {doc} by {day}?', 'Please {verb} the {doc} before {day}.', 'I sent the {doc} to {team}.',
  'The {doc} is on the shared drive.', 'Did {person} {verb} the {doc} yet?', 'Meeting moved to {time} in {place}.',
  'Are we still on for {time} {day}?', 'I\'ll be {adj} {day}, {reason}.', 'Running about {num} minutes late, {reason}.',
  'My {thing} {problem}.', 'The {thing} {problem}, can {team} take a look?', 'Has anyone else had the {thing} {problem}?',
  '{ack}', '{ack}, I\'ll {verb} it {day}.', '{ack}!', 'Thanks for sending the {doc}.', 'Who owns the {doc}?',
  'Why is the {doc} still pending?', 'Why did {team} reject the {doc}?', 'What time is the meeting about {topic}?',
  'What do we need for the {doc}?', 'How many copies of the {doc} should I print?', 'How do I {verb} the {doc} in the portal?',
  'Where is {place}?', 'When is {topic} due?', 'Who is covering for {person} {day}?', 'Do you have a minute to talk about {topic}?',
  'Quick question about {topic}: is {day} still the deadline?', 'I talked to {person} about {topic}, they agree.',
  'I finished the {doc}, it is ready for you to {verb}.', 'I\'m out {day}, {person} is covering.',
  'Heads up, {team} needs the {doc} by {day}.', 'Reminder: {topic} starts {day} at {time}.', 'It is {weather} today, drive safe.',
  'There is {food} in the break room.', 'Anyone want {food}? I\'m ordering at {time}.', 'Happy Friday everyone.',
  'lol that meeting was {adj}', 'haha yes, {ack}', 'ugh, my {thing} {problem}', 'That was a {adj} day.',
  'I think {topic} will slip to {day}.', 'I heard back from {team}; they need {num} more days.', 'Can you call me when you\'re free?',
  'I\'m in {place} if you need me.', 'Could you forward me the {doc}? I can\'t find it.', 'We have {num} requests in the queue.',
  'The {doc} has {num} open comments.', 'I updated the {doc} with {person}\'s edits.', 'Let\'s table {topic} until {day}.',
  'Please loop in {team} on {topic}.', 'Is {person} in the office {day}?', 'Congrats on the promotion!', 'Welcome aboard, {person}!',
  'Sorry, I missed your message, {reason}.', 'I can\'t make {time}, can we do {time} instead?', 'Does {day} at {time} work for you?',
  'My {thing} died, I\'ll be back online in {num} minutes.', 'I have {num} hours of leave left this year.',
  'The {thing} in {place} {problem}.', 'Who do I ask about {topic}?', 'What is the status of the {doc}?',
  'Why do we need two signatures on the {doc}?', 'How long does {team} usually take to {verb} a {doc}?',
  'I told {person} we would {verb} the {doc} {day}.', 'We were told to hold off on {topic}.', 'Not sure, let me check with {team}.',
  'I\'m working from {place} {day}.', 'Great job on the {doc}, {person}.', 'My manager asked for the {doc} by {day}.',
  'My badge isn\'t working, can you let me in at the side door?', 'I was on the phone with {team} for an hour about {topic}.',
  'The parking lot is {weather}, be careful.', 'I never got the {doc}, can you resend it?', 'I always forget the {thing} password.',
  'My wife has the car today so I\'ll be on the bus.', 'My husband is picking me up at {time}.', 'My doctor moved my appointment, so I\'ll be in at {time}.',
  'I walked into the wrong meeting this morning.', 'I just realized the {doc} was due {day}.', 'Can we push {topic} to {day}?',
  'They said {topic} is on hold.', 'I\'ll print the {doc} and bring it to {place}.', 'The vendor called about the {doc}.',
  'Did you see the email from {person} about {topic}?', 'Yes, I saw it. {ack}.', 'No, I haven\'t had a chance yet.',
  'Can you give me access to the {thing}?', 'Who approved the {doc}?', 'We need {num} more people for {topic}.',
];

// Small talk that a workplace chat also carries: opinions, plans and
// complaints in a casual register, which look like one-liners in form but
// have no punchline.
const CASUAL_SLOTS: Readonly<Record<string, readonly string[]>> = {
  show: ['this movie', 'that show', 'the game', 'the new album', 'this song', 'the finale', 'that podcast', 'the playoffs',
    'the concert', 'this book', 'the trailer', 'the season opener'],
  team: ['the Yankees', 'the Mountaineers', 'our team', 'the Steelers', 'the Royals', 'my fantasy team', 'the Giants',
    'the Lakers', 'the home team', 'Marshall'],
  food: ['pizza', 'tacos', 'ice cream', 'coffee', 'brownies', 'wings', 'pancakes', 'chili', 'crackers', 'cookies', 'fries'],
  feel: ['tired', 'so ready for the weekend', 'exhausted', 'excited', 'bored', 'hungry', 'sick of this weather', 'in a good mood',
    'stressed', 'sleepy', 'pumped', 'annoyed', 'happy', 'over it'],
  place: ['the beach', 'the mall', 'the gym', "my mom's house", 'the lake', 'downtown', 'the store', 'church', 'the mountains',
    'Pittsburgh', 'the game', 'the movies', 'class'],
  time: ['tonight', 'tomorrow', 'this weekend', 'today', 'later', 'on Saturday', 'next month', 'right now', 'all day', 'this morning'],
  judge: ['is so good', 'is trash', 'was amazing', 'is overrated', 'was boring', 'is the best', 'was terrible', 'is underrated',
    'was so much fun', 'is getting old', 'is fire', 'was a letdown'],
  person: ['my sister', 'my brother', 'my mom', 'my dad', 'my best friend', 'my roommate', 'my cousin', 'my neighbor', 'my boyfriend',
    'my girlfriend', 'my kids', 'my coach', 'my dog'],
  thing: ['phone', 'car', 'laptop', 'wifi', 'alarm', 'headphones', 'cable', 'charger', 'TV'],
};
const CASUAL: readonly string[] = [
  'I love {show}.', '{show} {judge}.', '{team} {judge} this year.', 'Can\'t stop eating {food}.', 'I\'m {feel}.',
  'So {feel} {time}.', 'Going to {place} {time}.', 'Who\'s watching {show} {time}?', 'Anyone going to {place} {time}?',
  '{person} {judge}.', '{person} is coming to visit {time}.', 'My {thing} died again.', 'Why is my {thing} so slow?',
  'Why does {team} always lose in October?', 'What is everyone doing {time}?', 'I need {food} {time}.',
  'Great game by {team} {time}!', 'Can\'t believe {team} lost again.', 'Let\'s go {team}!', 'I really need a nap.',
  'That was the longest week ever.', 'I just want to sleep.', 'Happy birthday to {person}!', 'Love you {person}.',
  'Watching {show} with {person} {time}.', 'I\'m never eating {food} again.', 'Who wants {food}?', '{food} for dinner {time}.',
  'Finally home.', 'Stuck in traffic again.', 'Can\'t wait for {time}.', 'Rain all day {time}.', 'It is so cold out.',
  'I think {show} {judge}.', 'Honestly {show} {judge}.', 'Not gonna lie, {show} {judge}.', 'Why is everyone talking about {show}?',
  'How is it already {time}?', 'Where is everyone going {time}?', 'I can\'t find my {thing}.', 'My {thing} is broken.',
  '{person} just texted me.', 'Had a great time at {place}.', 'Miss {place} already.', 'Back to {place} {time}.',
  'I should be studying right now.', 'Taking {person} to {place} {time}.', 'I\'m so done with this week.',
];

/** A seeded linear congruential generator: reproducible without a dependency. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `count` synthetic casual chat messages (small talk, opinions, plans), the same for the same seed. */
export function casualMessages(count: number, seed = 43): string[] {
  return generate(CASUAL, CASUAL_SLOTS, count, seed);
}

function generate(templates: readonly string[], slots: Readonly<Record<string, readonly string[]>>, count: number, seed: number): string[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const sentence = (): string => pick(templates).replace(/\{(\w+)\}/g, (_, k: string) => pick(slots[k] ?? [k]));
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(r() < 0.35 ? `${sentence()} ${sentence()}` : sentence());
  return out;
}

/** `count` synthetic workplace chat messages, one or two sentences each, the same for the same seed. */
export function businessMessages(count: number, seed = 42): string[] {
  return generate(TEMPLATES, SLOTS, count, seed);
}
