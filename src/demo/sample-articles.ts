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
] as const;
