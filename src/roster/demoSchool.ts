// "Load demo school": a seeded, realistic fake English secondary roll (Years 7–11) with valid UPNs.
import type { PupilInput, SenStatus } from '../domain/pupil';
import { makeUpn } from '../domain/upn';
import type { Room, Staff } from '../domain/school';
import { createRandom, type Random } from './random';

const FORENAMES = (
  'Oliver George Harry Noah Jack Leo Arthur Muhammad Oscar Charlie Jacob Thomas Henry William Freddie Alfie Theo ' +
  'Archie Joshua James Isaac Lucas Ethan Max Samuel Daniel Joseph Logan Mason Dylan Reuben Finley Harrison Tyler Kai ' +
  'Ezra Jayden Callum Connor Liam Ryan Owen Rhys Dafydd Euan Cian Declan Ronan Aaron Nathan Kieran Jordan Marcus ' +
  'Kwame Kofi Emeka Chidi Tobi Femi Tunde Malachi Elijah Andre Omar Yusuf Ibrahim Ali Hamza Bilal Zain Ayaan Rayan ' +
  'Arjun Aarav Rohan Dev Gurpreet Sukhdeep Ravi Kiran Tariq Imran Abdi Mohamed Mustafa Adam Kacper Jakub Szymon ' +
  'Mateusz Luca Matteo Mihai Andrei Stefan Tomasz Wei Jun Minh Sami Elias Felix Rory Sebastian Alexander Benjamin ' +
  'Christopher Matthew Nathaniel Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella ' +
  'Grace Evie Poppy Ella Daisy Sienna Phoebe Ruby Chloe Emily Jessica Lauren Megan Holly Bethany Hannah Katie Ellie ' +
  'Niamh Aoife Caitlin Eilidh Ffion Cerys Seren Rhiannon Orla Erin Shannon Leah Jade Tia Keisha Aaliyah Precious ' +
  'Blessing Adaeze Chiamaka Ngozi Folake Ama Abena Zainab Amira Aisha Fatima Maryam Khadija Hafsa Safiya Iman Layla ' +
  'Nadia Yasmin Samira Hodan Ayan Priya Anika Aanya Simran Jasleen Harleen Riya Kavya Meera Zoya Sana Ayesha Zara ' +
  'Maja Zuzanna Julia Natalia Wiktoria Alicja Ioana Elena Sofia Giulia Mei Lin Anh Eva Esme Imogen Matilda Harriet ' +
  'Alice Martha Nancy Elsie Maisie Scarlett Lola Darcy Millie Amber Courtney Kayla Paige Rebecca Elizabeth Katherine ' +
  'Zoë Chloé Renée Siân'
).split(' ');

const SURNAMES = (
  'Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White ' +
  'Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark ' +
  'Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths ' +
  'Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson ' +
  'Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell ' +
  'Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon ' +
  'Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox ' +
  'Ford Pearce Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O’Brien Watts Rose Booth ' +
  'Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe ' +
  'Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Porter Robertson Newton Reed Kennedy Bird ' +
  'Gardner Shah Dean Lane Bates Henderson Parry Burgess Bishop Burns Nicholson Shepherd Ross Cross Freeman Warren ' +
  'Hamilton Byrne Sutton McDonald Yates Hodgson Curtis Hopkins O’Connor Harper Coleman Watkins Moss McCarthy ' +
  'Chambers O’Neill Griffin Sharp Hardy Osborne Doyle Wallace Rahman Miah Uddin Chowdhury Hossain Islam Mahmood ' +
  'Iqbal Akhtar Malik Qureshi Sharma Gupta Mistry Desai Joshi Chauhan Sandhu Dhillon Okafor Okoye Adeyemi Adebayo ' +
  'Mensah Owusu Boateng Asante Osei Appiah Mohamud Farah Abdullahi Hassan Warsame Nowak Kowalski Wiśniewski ' +
  'Lewandowski Kamiński Popescu Ionescu Rossi Russo Silva Santos Pereira Costa Fernandes Nguyen Tran Chen Wang Li ' +
  'Zhang Wong Chan Yılmaz Kaya Demir Lloyd-Davies Okafor-Smith Campbell-Brown Ahmed-Khan'
).split(' ');

/** Forename → the short form a pupil may be known by. */
const SHORT_FORMS = new Map(
  ('Alexander:Alex Benjamin:Ben Christopher:Chris Daniel:Dan Matthew:Matt Samuel:Sam Joseph:Joe Thomas:Tom ' +
    'William:Will James:Jamie Oliver:Ollie Jessica:Jess Elizabeth:Lizzie Katherine:Kate Rebecca:Becky ' +
    'Isabella:Bella Olivia:Liv Sophia:Sophie Muhammad:Mo Mohamed:Mo Jakub:Kuba Wiktoria:Vicky Nathaniel:Nate ' +
    'Sebastian:Seb Gurpreet:Preet Zuzanna:Zuzia')
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

const STRATEGIES = [
  'Sit near the front; give instructions one at a time',
  'Allow movement breaks; use a timer for tasks',
  'Check understanding privately; avoid cold-calling',
  'Give a five-minute warning before any change',
  'Chunk written tasks; offer a writing frame',
  'Coloured overlay for reading; larger print',
  'Calm corner if overwhelmed; accept the time-out card',
  'Ear defenders available; seat away from the door',
  'Hearing aid: face the pupil when speaking',
  'Visual timetable for the day on the desk',
  'Reader for long texts; allow extra processing time',
  'Fidget tool allowed; praise specific effort',
  'Low-arousal approach: speak calmly, few words',
  'Offer choices, not ultimatums',
  'Laptop for extended writing',
  'Pre-teach key words before the task',
] as const;

const LA_CODE = 999; // not a real local authority, so demo UPNs can never match a real pupil
const FEEDER_PRIMARIES = [2011, 2034, 2047, 2102, 2156, 2203, 2238, 3301, 3412, 3520] as const;
const FIRST_YEAR_OF_Y7 = 2025; // the academic year the demo's Year 7 started secondary school
const PUPILS_PER_GROUP = 25;

export interface DemoSchoolOptions {
  seed?: number;
  /** Pupils in each of Years 7–11 (default 200, so about 1,000 in all; at most 2,000). */
  pupilsPerYear?: number;
}

export interface DemoSchool {
  name: string;
  /** Rooms and staff so the demo can be tried in one step (used only where the school has none yet). */
  rooms: Room[];
  staff: Staff[];
  pupils: PupilInput[];
}

const DEMO_ROOMS: Room[] = [
  { id: 'isolation', name: 'Isolation room', kind: 'isolation' },
  { id: 'the-base', name: 'The BASE', kind: 'base' },
];
const DEMO_STAFF: Staff[] = [
  { id: 'demo-r-patel', name: 'Ms R. Patel', role: 'BASE coordinator' },
  { id: 'demo-d-osei', name: 'Mr D. Osei', role: 'Isolation room supervisor' },
  { id: 'demo-k-ahmed', name: 'Mrs K. Ahmed', role: 'SENDCo' },
];

function senFor(random: Random): SenStatus {
  const r = random.next();
  return r < 0.03 ? 'ehcp' : r < 0.16 ? 'sen-support' : 'none';
}

function keyNeedsFor(random: Random, sen: SenStatus): string | undefined {
  if (sen === 'none' || (sen === 'sen-support' && random.chance(0.2))) return undefined;
  const first = random.pick(STRATEGIES);
  const second = random.pick(STRATEGIES);
  return sen === 'ehcp' && second !== first ? `${first}. ${second}` : first;
}

function preferredNameFor(random: Random, forename: string): string | undefined {
  const short = SHORT_FORMS.get(forename);
  if (short && random.chance(0.35)) return short;
  return random.chance(0.02) ? random.pick(FORENAMES) : undefined; // e.g. known by a middle name
}

/** Registration groups for a year, in two bands: 9X1–9X4, 9Y1–9Y4. */
function tutorGroupsFor(year: number, count: number): string[] {
  const inX = Math.ceil(count / 2);
  return Array.from({ length: count }, (_, i) => (i < inX ? `${year}X${i + 1}` : `${year}Y${i - inX + 1}`));
}

export function generateDemoSchool({ seed = 2025, pupilsPerYear = 200 }: DemoSchoolOptions = {}): DemoSchool {
  if (!Number.isInteger(pupilsPerYear) || pupilsPerYear < 1 || pupilsPerYear > 2000) {
    throw new RangeError('pupilsPerYear must be a whole number from 1 to 2,000');
  }
  const random = createRandom(seed);
  const serials = new Map<string, number>();
  const pupils: PupilInput[] = [];
  for (let yearGroup = 7; yearGroup <= 11; yearGroup++) {
    const groups = tutorGroupsFor(yearGroup, Math.max(1, Math.round(pupilsPerYear / PUPILS_PER_GROUP)));
    const intake = (FIRST_YEAR_OF_Y7 - (yearGroup - 7)) % 100;
    const allocatedIn = intake - 7; // UPNs are issued in Reception, seven years before Year 7
    for (let i = 0; i < pupilsPerYear; i++) {
      const estab = random.pick(FEEDER_PRIMARIES);
      const key = `${estab}/${allocatedIn}`;
      const serial = (serials.get(key) ?? 0) + 1 + random.int(3); // gaps: pupils who went elsewhere
      serials.set(key, serial);
      const legalForename = random.pick(FORENAMES);
      const sen = senFor(random);
      const pupil: PupilInput = {
        misId: `${intake}${String(i + 1).padStart(4, '0')}`,
        upn: makeUpn(LA_CODE, estab, allocatedIn, serial),
        legalSurname: random.pick(SURNAMES),
        legalForename,
        yearGroup,
        tutorGroup: groups[i % groups.length] as string,
        sen,
      };
      const preferredName = preferredNameFor(random, legalForename);
      if (preferredName && preferredName !== legalForename) pupil.preferredName = preferredName;
      const keyNeeds = keyNeedsFor(random, sen);
      if (keyNeeds) pupil.keyNeeds = keyNeeds;
      pupils.push(pupil);
    }
  }
  return { name: 'Ashbrook Academy', rooms: DEMO_ROOMS, staff: DEMO_STAFF, pupils };
}
