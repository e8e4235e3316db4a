/** The product's name; the only user-visible text not taken from the locale files. */
export const PRODUCT_NAME = "推送台 Pushdesk";
