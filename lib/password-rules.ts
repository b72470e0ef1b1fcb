/** Length limits of account passwords: a small module, so forms can use them without the strength estimator. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
