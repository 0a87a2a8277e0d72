/**
 * Words that carry no topic: function words, plus the filler of questions ("do you know
 * anything about ...") so a question matches on its subject, not on how it is asked.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any anybody anyone anything are aren
  as at be because been before being below between both but by can cannot could couldn did
  didn do does doesn doing don down during each either else ever every few for from further
  had hadn has hasn have haven having he her here hers herself him himself his how however i
  if in into is isn it its itself just know knows known let me might mine more most much must
  mustn my myself neither no nor not now of off on once only or other ought our ours
  ourselves out over own please quite rather really s same say says shall shan she should
  shouldn so some something such t tell than that the their theirs them themselves then there
  these they this those through thus to too under until up upon us very was wasn we were weren
  what whatever when whenever where wherever whether which while who whoever whom whose why will
  with won would wouldn yes yet you your yours yourself yourselves`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
