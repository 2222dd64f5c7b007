// Keeps the sign-in session across page reloads: writes (or clears) the
// session cookie the server reads back through st.context.cookies.
export default function session(component) {
  const { data } = component;
  const base = `${data.name}=`;
  const flags = "; path=/; SameSite=Strict";
  if (data.token) {
    document.cookie = base + encodeURIComponent(data.token) + `; Max-Age=${data.maxAge}` + flags;
  } else {
    document.cookie = base + "; Max-Age=0" + flags;
  }
}
