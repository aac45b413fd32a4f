/** Display formats shared by every screen. */

const DATE_TIME = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (ms: number): string => DATE_TIME.format(new Date(ms));

/** "contractor_employee" → "Contractor employee": the API's enum values, readable. */
export const humanize = (value: string): string => {
  const words = value.replace(/[_.]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
