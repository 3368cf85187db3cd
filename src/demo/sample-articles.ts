/** A handful of short articles written for the demo (not from the debate corpus). */
export const SAMPLE_ARTICLES = [
  {
    title: 'Small businesses want lower taxes and fewer regulations',
    body: 'Owners of family businesses say Washington keeps adding paperwork. They ask Congress to cut taxes, repeal rules that kill jobs, and let free enterprise create growth again.',
    authorName: 'Demo desk',
    partisanTag: 'red',
  },
  {
    title: 'Teachers ask for affordable child care and paid family leave',
    body: 'Working families are stretched thin. Teachers and nurses are calling for affordable child care, paid family leave, a higher minimum wage and health care that covers everyone.',
    authorName: 'Demo desk',
    partisanTag: 'blue',
  },
  {
    title: 'Border towns debate security and immigration',
    body: 'Residents of border towns disagree about a wall, about illegal immigration and about how many agents the government should send to secure the border.',
    authorName: 'Demo desk',
    partisanTag: 'none',
  },
  {
    title: 'Climate plan promises clean energy jobs',
    body: 'The plan would invest in clean energy, rejoin international climate agreements and make polluters pay, while training workers for the jobs of the future.',
    authorName: 'Demo desk',
    partisanTag: 'none',
  },
  {
    title: 'Governor signs bill expanding voting by mail',
    body: 'The new law lets every registered voter ask for a mail ballot and adds drop boxes in rural counties. Supporters say it protects the right to vote; critics worry about election integrity.',
    authorName: 'Demo desk',
    partisanTag: 'none',
  },
  {
    title: 'Sheriffs call for more funding and tougher sentences',
    body: 'County sheriffs asked lawmakers to back the police, hire more officers and keep violent criminals behind bars, saying law and order is what families want.',
    authorName: 'Demo desk',
    partisanTag: 'red',
  },
  {
    title: 'Nurses rally for Medicare for all',
    body: 'Hundreds of nurses marched to the capitol asking for universal health care, lower drug prices and an end to surprise medical bills for working people.',
    authorName: 'Demo desk',
    partisanTag: 'blue',
  },
  {
    title: 'Farmers weigh trade deal and tariffs',
    body: 'Soybean farmers say tariffs hurt their exports, while others argue a tougher stance on China will bring manufacturing jobs home in the long run.',
    authorName: 'Demo desk',
    partisanTag: 'none',
  },
  {
    title: 'City council debates rent control and affordable housing',
    body: 'Tenant groups want rent control and more public housing; landlords warn that price caps will shrink the supply of new homes.',
    authorName: 'Demo desk',
    partisanTag: 'none',
  },
  {
    title: 'Veterans group backs a strong military and a balanced budget',
    body: 'The group urged Congress to rebuild the military, support our troops and stop wasteful spending that adds to the national debt.',
    authorName: 'Demo desk',
    partisanTag: 'red',
  },
  {
    title: 'Students demand action on student debt and gun safety',
    body: 'Student leaders called for canceling student debt, universal background checks and stronger protections for immigrants and their families.',
    authorName: 'Demo desk',
    partisanTag: 'blue',
  },
  {
    title: "School board argues over parents' rights and curriculum",
    body: 'Parents packed the meeting, some asking for school choice and a say over what children read, others defending teachers and public schools.',
    authorName: 'Demo desk',
    partisanTag: 'none',
  },
] as const;
