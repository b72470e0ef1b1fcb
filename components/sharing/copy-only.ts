/** Why a copy-only password has Copy but no Reveal; shown wherever Reveal is withheld. */
export const COPY_ONLY_EXPLANATION = "Technicians can copy it into a login form but never see it.";
