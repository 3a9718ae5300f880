// Written by hand: the view is the same SQL in both dialects (see the mysql one).
export { ToegangslogVolledig1796045817594 } from '../mysql/1796045817594-ToegangslogVolledig'
