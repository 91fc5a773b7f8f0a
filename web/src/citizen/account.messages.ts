/**
 * The account page's words (AccountPage.tsx), Vietnamese and English. Kept with the page, which
 * loads on demand: the first load of the portal does not carry them.
 */
const vi = {
  title: 'Tài khoản của tôi',
  name: 'Họ và tên',
  username: 'Tên đăng nhập',
  passwordHeading: 'Mật khẩu',
  current: 'Mật khẩu hiện tại',
  currentHint: 'Mật khẩu bạn đang dùng để đăng nhập.',
  firstPasswordLead:
    'Tài khoản của bạn được tạo khi đăng nhập bằng VNeID và chưa có mật khẩu. Đặt mật khẩu để đăng nhập cả khi không dùng VNeID.',
  newPassword: 'Mật khẩu mới',
  newHint: 'Ít nhất 10 ký tự. Nên dùng một câu dễ nhớ với bạn, không chứa số định danh hay tên đăng nhập.',
  again: 'Nhập lại mật khẩu mới',
  newRequired: 'Nhập mật khẩu mới.',
  mismatch: 'Hai lần nhập mật khẩu không giống nhau.',
  submit: 'Lưu mật khẩu',
  done: 'Đã lưu mật khẩu mới',
  doneBody: 'Từ nay bạn có thể đăng nhập bằng mật khẩu này. Các phiên đăng nhập khác của tài khoản đã kết thúc.',
  reauthTitle: 'Cần đăng nhập lại bằng VNeID',
  reauthBody:
    'Tài khoản của bạn được tạo khi đăng nhập bằng tài khoản định danh điện tử (VNeID) và chưa có mật khẩu. Để bảo vệ tài khoản, chỉ được đặt mật khẩu lần đầu trong vòng 5 phút sau khi đăng nhập bằng VNeID.',
  reauthHow: 'Hãy đăng nhập lại bằng VNeID; bạn sẽ được đưa về trang này để đặt mật khẩu.',
  reauthAction: 'Đăng nhập lại bằng VNeID',
  reauthNoProvider: 'Hiện chưa đăng nhập được bằng VNeID. Vui lòng thử lại sau.',
};

export type AccountMessages = typeof vi;

const en: AccountMessages = {
  title: 'My account',
  name: 'Full name',
  username: 'User name',
  passwordHeading: 'Password',
  current: 'Current password',
  currentHint: 'The password you sign in with now.',
  firstPasswordLead:
    'Your account was created when you signed in with VNeID and has no password yet. Set one to sign in without VNeID too.',
  newPassword: 'New password',
  newHint: 'At least 10 characters. A sentence you remember works well; do not include your ID number or user name.',
  again: 'New password again',
  newRequired: 'Enter a new password.',
  mismatch: 'The two passwords are not the same.',
  submit: 'Save password',
  done: 'New password saved',
  doneBody: 'You can now sign in with this password. Other sessions of this account have ended.',
  reauthTitle: 'Sign in again with VNeID',
  reauthBody:
    'Your account was created when you signed in with your electronic identity (VNeID) and has no password yet. To protect it, a first password can only be set within 5 minutes of signing in with VNeID.',
  reauthHow: 'Sign in again with VNeID; you will come back to this page to set the password.',
  reauthAction: 'Sign in again with VNeID',
  reauthNoProvider: 'Signing in with VNeID is not available at the moment. Please try again later.',
};

export function accountMessages(locale: string): AccountMessages {
  return locale === 'en' ? en : vi;
}
